#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace masthead::comments {

/// Letters [begin, end) of a LetterStream.
struct LetterSpan {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

/// Where a letter of the stream came from: the bytes of the code point it was folded from.
struct LetterOrigin {
    std::uint32_t byte_begin = 0;
    std::uint32_t byte_end = 0;
    bool spaced = true;  ///< from a script that puts spaces between words
};

/// LetterStream::edges: the letter starts a word, ends a word.
inline constexpr std::uint8_t kStartsWord = 1;
inline constexpr std::uint8_t kEndsWord = 2;

/// A text folded to letters only, as the word filter matches it: each code point folded
/// (letter_fold.h), Hangul as jamo, every space, punctuation mark, symbol, emoji and stray
/// digit dropped, with what is needed to tell how far a rule may reach.
struct LetterStream {
    std::u32string letters;
    std::vector<LetterOrigin> origin;  ///< parallel to letters
    std::vector<LetterSpan> words;     ///< the letters of each whitespace-delimited word
    std::vector<LetterSpan> pieces;    ///< spaced letters between separators within a word
    std::vector<LetterSpan> spelled;   ///< runs of words spelled out one letter at a time
    std::vector<std::uint32_t> reach;  ///< per letter: end of its word or of its spelled run
    std::vector<std::uint8_t> edges;   ///< per letter: kStartsWord | kEndsWord

    /// Whether letter `i` comes from another code point than the letter before it: one code
    /// point can fold to several letters ("ß" is "ss", a syllable is two or three jamo).
    [[nodiscard]] bool startsCodePoint(std::size_t i) const {
        return i == 0 || origin[i].byte_begin != origin[i - 1].byte_begin;
    }
};

/// Folds a text to its letter stream. Leetspeak digits and symbols count as letters only
/// inside Latin-like words ("sh1t", "a$$"; "2026" and "A55" stay numbers). An initial Hangul
/// consonant not followed by a vowel stands alone ("ㅅㅂ") and is written as a compatibility
/// jamo (hangul_jamo.h). Any bytes are accepted: invalid UTF-8 counts as a separator.
/// Thread-safe.
[[nodiscard]] LetterStream buildLetterStream(std::string_view text);

}  // namespace masthead::comments
