#pragma once

#include <cstdint>
#include <string>

/// What one code point folds to for the word filter: the letters it stands for after NFKC
/// with case folding, Unicode confusable skeletons and leetspeak, or what else it is to a word
/// (a space, a separator, nothing at all). The letter stream (letter_stream.h) folds a text
/// one code point at a time with these.
namespace masthead::comments {

enum class LetterKind : std::uint8_t {
    kIgnorable,  ///< combining marks, zero-width characters: invisible to matching
    kSpace,      ///< ends a word
    kSeparator,  ///< punctuation, symbols, emoji, digits that are not leetspeak
    kLetters,
    kLeet,  ///< a digit or symbol that stands for a letter when it sits in a Latin word
};

/// What one code point of a text folds to.
struct LetterFold {
    LetterKind kind = LetterKind::kSeparator;
    bool spaced = true;      ///< letters of a script that puts spaces between words
    bool digit = false;      ///< a digit, folded or not: too many keep a word a number
    std::u32string letters;  ///< kLetters: the letters; kLeet: the letter it stands for
};

/// The letter a leetspeak digit or symbol stands for, or 0.
[[nodiscard]] constexpr char32_t leetLetter(char32_t c) {
    switch (c) {
        case '0':
            return 'o';
        case '1':
            return 'i';
        case '3':
            return 'e';
        case '4':
            return 'a';
        case '5':
            return 's';
        case '7':
            return 't';
        case '@':
            return 'a';
        case '$':
            return 's';
        default:
            return 0;
    }
}

/// Folds an ASCII code point into `fold`, appending to `fold.letters`: a letter lower-cased,
/// whitespace a space, a leetspeak digit or symbol the letter it stands for, anything else a
/// separator. Inline: most comments are mostly ASCII.
inline void foldAscii(char32_t c, LetterFold& fold) {
    if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
    }
    fold.spaced = true;
    fold.digit = c >= '0' && c <= '9';
    if (c >= 'a' && c <= 'z') {
        fold.kind = LetterKind::kLetters;
        fold.letters += c;
    } else if (c == ' ' || (c >= '\t' && c <= '\r')) {
        fold.kind = LetterKind::kSpace;
    } else if (const char32_t letter = leetLetter(c); letter != 0) {
        fold.kind = LetterKind::kLeet;
        fold.letters += letter;
    } else {
        fold.kind = LetterKind::kSeparator;
    }
}

/// The fold of a code point outside ASCII and Hangul syllables: NFKC_Casefold, then Hangul as
/// jamo (hangul_jamo.h), other letters by their confusable skeleton (Cyrillic "а" is Latin
/// "a"; a letter without a Latin look-alike stays itself), a lone leetspeak character as
/// kLeet. ICU's normaliser and skeleton cost about a microsecond per code point, so each
/// thread remembers what it has folded: the reference is valid until this thread's next call.
/// Thread-safe.
[[nodiscard]] const LetterFold& foldOther(char32_t c);

}  // namespace masthead::comments
