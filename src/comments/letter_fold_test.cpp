#include "comments/letter_fold.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>

namespace masthead::comments {
namespace {

LetterFold ascii(char32_t c) {
    LetterFold fold;
    foldAscii(c, fold);
    return fold;
}

TEST(LetterFold, Ascii) {
    EXPECT_EQ(ascii('F').kind, LetterKind::kLetters);
    EXPECT_EQ(ascii('F').letters, U"f");
    EXPECT_EQ(ascii('\t').kind, LetterKind::kSpace);
    EXPECT_EQ(ascii('-').kind, LetterKind::kSeparator);
    EXPECT_EQ(ascii('1').kind, LetterKind::kLeet);
    EXPECT_EQ(ascii('1').letters, U"i");
    EXPECT_TRUE(ascii('1').digit);
    EXPECT_EQ(ascii('$').letters, U"s");
    EXPECT_FALSE(ascii('$').digit);
    // Not every digit stands for a letter.
    EXPECT_EQ(ascii('2').kind, LetterKind::kSeparator);
    EXPECT_TRUE(ascii('2').digit);
    EXPECT_TRUE(ascii('z').spaced);
}

TEST(LetterFold, WidthCaseAndLookAlikes) {
    EXPECT_EQ(foldOther(U'Ｆ').letters, U"f");
    EXPECT_EQ(foldOther(U'ß').letters, U"ss");
    EXPECT_EQ(foldOther(U'ü').letters, U"u");
    EXPECT_EQ(foldOther(U'ⓕ').letters, U"f");
    EXPECT_EQ(foldOther(U'\u0430').letters, U"a");  // Cyrillic a
    EXPECT_EQ(foldOther(U'\u041d').letters, U"h");  // Cyrillic capital en, by its capital
    EXPECT_EQ(foldOther(U'\u03bf').letters, U"o");  // Greek omicron
    // A letter whose skeleton is that of an ASCII letter unlike itself ("m" is "rn"): the
    // letter, once.
    EXPECT_EQ(foldOther(U'\U00011700').letters, U"m");  // Ahom ka
    EXPECT_EQ(foldOther(U'\u0430').kind, LetterKind::kLetters);
    EXPECT_TRUE(foldOther(U'\u0430').spaced);
    // No Latin look-alike: the letter itself, case-folded.
    EXPECT_EQ(foldOther(U'\u0416').letters, U"\u0436");
}

TEST(LetterFold, WhatIsNotALetter) {
    EXPECT_EQ(foldOther(U'\u3000').kind, LetterKind::kSpace);
    EXPECT_EQ(foldOther(U'\u0308').kind, LetterKind::kIgnorable);  // combining diaeresis
    EXPECT_EQ(foldOther(U'\u200b').kind, LetterKind::kIgnorable);  // zero-width space
    EXPECT_EQ(foldOther(U'\U0001F600').kind, LetterKind::kSeparator);
    EXPECT_EQ(foldOther(U'。').kind, LetterKind::kSeparator);
    // A fullwidth leetspeak digit is the ASCII one.
    EXPECT_EQ(foldOther(U'１').kind, LetterKind::kLeet);
    EXPECT_EQ(foldOther(U'１').letters, U"i");
    EXPECT_TRUE(foldOther(U'１').digit);
}

TEST(LetterFold, ScriptsWithoutSpaces) {
    const LetterFold& han = foldOther(U'中');
    EXPECT_EQ(han.kind, LetterKind::kLetters);
    EXPECT_FALSE(han.spaced);
    // Hangul compatibility jamo fold to conjoining jamo (NFKC).
    EXPECT_EQ(foldOther(U'ㅏ').letters, U"\u1161");
    EXPECT_FALSE(foldOther(U'ㅏ').spaced);
}

TEST(LetterFold, EachThreadFoldsAlike) {
    std::u32string other;
    std::thread thread([&other] { other = foldOther(U'\u0441').letters; });
    thread.join();
    EXPECT_EQ(other, U"c");
    EXPECT_EQ(foldOther(U'\u0441').letters, U"c");
}

}  // namespace
}  // namespace masthead::comments
