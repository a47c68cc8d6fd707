#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "comments/word_filter.h"

namespace masthead::comments {

struct LetterStream;

/// The moderators' rules compiled once into keys of letters (letter_stream.h), each with how
/// far it may reach in a comment (WordFilter says how far), and the search of a comment's
/// letter stream for them. Immutable after construction: find is thread-safe.
class WordIndex {
  public:
    /// Where a rule matched: letters [begin, end) of the stream searched; `rule` is the rule's
    /// position in the list the index was built from.
    struct Hit {
        std::uint32_t begin = 0;
        std::uint32_t end = 0;
        std::uint32_t rule = 0;
    };

    /// Compiles the rules. Rules with no letter in them never match.
    explicit WordIndex(const std::vector<WordRule>& rules);

    /// The banned hit that starts earliest in the stream if any, else the earliest suspect
    /// hit, else nullopt; among hits starting at the same letter, the rule listed first.
    [[nodiscard]] std::optional<Hit> find(const LetterStream& stream) const;

  private:
    struct KeyHash {
        using is_transparent = void;
        std::size_t operator()(std::u32string_view s) const {
            return std::hash<std::u32string_view>{}(s);
        }
    };
    enum class Reach : std::uint8_t {
        kWithinWord,  ///< inside one word, or inside letters spelled out one at a time
        kWholeWords,  ///< a phrase: from the first letter of a word to the last of a word
        kAnywhere,    ///< scripts written without spaces
    };
    /// A key matched at any letter within its reach.
    struct Anchored {
        std::u32string key;
        std::uint32_t rule = 0;
        Reach reach = Reach::kWithinWord;
    };
    static constexpr std::size_t kFilterBits = 4096;

    void addAnchored(std::u32string key, std::uint32_t rule, Reach reach);

    /// Each rule's list, by the rule's position.
    std::vector<WordList> lists_;
    /// Words of at most kMaxShortLetters letters in spaced scripts: whole words, whole pieces
    /// of words and spelled-out letters are looked up here.
    std::unordered_map<std::u32string, std::vector<std::uint32_t>, KeyHash, std::equal_to<>> whole_;
    std::size_t whole_max_length_ = 0;
    /// Every other key, by its first two letters (see anchorOf).
    std::unordered_map<std::uint64_t, std::vector<Anchored>> anchored_;
    /// First letters of anchored keys (modulo kFilterBits): most letters start no key.
    std::bitset<kFilterBits> first_letters_;
    bool has_one_letter_keys_ = false;
};

}  // namespace masthead::comments
