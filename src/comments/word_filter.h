#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace masthead::comments {

/// Which moderation list a word belongs to.
enum class WordList {
    kBanned,   ///< a comment containing the word is rejected
    kSuspect,  ///< a comment containing the word is held for a moderator
};

/// One word of a moderation list, as moderators keep it.
struct WordRule {
    std::int64_t id = 0;
    std::string word;
    WordList list = WordList::kBanned;
};

/// Where a comment contains a listed word.
struct WordMatch {
    WordRule rule;           ///< the rule that matched
    std::string matched;     ///< the span of the comment as written, e.g. "ㅅ.ㅂ" or "f u c k"
    std::size_t offset = 0;  ///< byte offset of that span in the comment
};

class WordIndex;

/// Finds the moderators' words in comments the way readers disguise them.
///
/// Both the rules and the comment are folded to a stream of letters: NFKC with case folding,
/// Unicode confusable skeletons for letters outside ASCII (Cyrillic "а" is Latin "a"), leetspeak
/// digits and symbols inside Latin words ("sh1t", "a$$"), Hangul decomposed to jamo, and every
/// space, punctuation mark, symbol, emoji and stray digit dropped, so "f.u.c.k" and "시 발" are
/// "fuck" and "시발" (letter_stream.h). Each letter remembers the bytes it came from so a match
/// reports the span as the reader wrote it. The rules are compiled once into a WordIndex
/// (word_index.h).
///
/// How far a rule may reach depends on its script:
/// - A word of at most 4 letters in a script written with spaces (Latin, Cyrillic, Greek…)
///   matches only a whole word, a whole piece of a word between punctuation ("what-the-fuck"),
///   or letters spelled out one at a time ("f u c k", "f.u.c.k"): "ass" does not match "class".
/// - A longer such word matches anywhere inside one word ("motherfucker" for "fucker") or inside
///   letters spelled out one at a time, never across two words ("grape nuts").
/// - A rule of several such words ("kill yourself") matches whole words, spaced or not
///   ("killyourself", "kill your self"), but not inside a longer word ("skill yourself").
/// - A word in Hangul (or another script written without spaces: Chinese, Japanese, Thai)
///   matches anywhere, across spaces and punctuation, on whole syllables: rule "시" does not
///   match "십". A rule of two or more syllables also matches its initial consonants written
///   on their own ("ㅅㅂ", "ㅅ ㅂ", "ㅅ.ㅂ" for "시발"), but never a word of full syllables
///   that merely shares them ("사발"). A rule written as consonants ("ㅅㅂ") matches only
///   consonants written on their own.
class WordFilter {
  public:
    WordFilter() = default;
    /// Compiles the rules once. Rules with no letter in them (which checkRuleWord refuses)
    /// never match.
    explicit WordFilter(std::vector<WordRule> rules);

    /// The first banned match if any, else the first suspect match, else nullopt. "First" is
    /// the match that starts earliest in the comment; among matches starting at the same
    /// letter, the rule listed first. Any bytes are accepted: invalid UTF-8 counts as a
    /// separator. Thread-safe: the filter is immutable after construction.
    [[nodiscard]] std::optional<WordMatch> check(std::string_view comment) const;

    [[nodiscard]] const std::vector<WordRule>& rules() const;

  private:
    std::vector<WordRule> rules_;
    std::shared_ptr<const WordIndex> index_;
};

/// A moderator's new rule word, normalised for storage: NFC, trimmed, 1 to 40 characters,
/// at least one letter, no line breaks; kInvalidInput with a clear message otherwise.
[[nodiscard]] Result<std::string> checkRuleWord(std::string_view word);

/// The folded "letters only" key of a text, for tests and diagnostics: lower-case skeleton
/// letters, Hangul as conjoining jamo (U+1100–U+11FF) with an initial consonant that stands
/// alone written as a compatibility jamo ("ㅅ", U+3131–U+314E).
[[nodiscard]] std::string foldForMatching(std::string_view text);

}  // namespace masthead::comments
