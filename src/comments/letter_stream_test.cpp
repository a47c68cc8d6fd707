#include "comments/letter_stream.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace masthead::comments {
namespace {

using Spans = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

Spans spans(const std::vector<LetterSpan>& of) {
    Spans out;
    for (const LetterSpan& span : of) {
        out.emplace_back(span.begin, span.end);
    }
    return out;
}

TEST(LetterStream, KeepsLettersAndWhereTheyCameFrom) {
    const LetterStream stream = buildLetterStream("Oh, f.u.c.k!");
    EXPECT_EQ(stream.letters, U"ohfuck");
    ASSERT_EQ(stream.origin.size(), 6u);
    EXPECT_EQ(stream.origin[2].byte_begin, 4u);   // "f"
    EXPECT_EQ(stream.origin[5].byte_begin, 10u);  // "k"
    EXPECT_EQ(stream.origin[5].byte_end, 11u);
    EXPECT_EQ(spans(stream.words), (Spans{{0, 2}, {2, 6}}));
    // Pieces of a word between separators.
    EXPECT_EQ(spans(stream.pieces), (Spans{{0, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}}));
    // "f.u.c.k" is letters spelled out one at a time; "Oh" is not.
    EXPECT_EQ(spans(stream.spelled), (Spans{{2, 6}}));
    EXPECT_EQ(stream.edges[0], kStartsWord);
    EXPECT_EQ(stream.edges[1], kEndsWord);
    EXPECT_EQ(stream.reach[3], 6u);
}

TEST(LetterStream, LettersSpelledOutOneAtATime) {
    const LetterStream stream = buildLetterStream("what the f u c k");
    EXPECT_EQ(stream.letters, U"whatthefuck");
    EXPECT_EQ(spans(stream.spelled), (Spans{{7, 11}}));
    // A spelled-out letter reaches to the end of its run, not of its word.
    EXPECT_EQ(stream.reach[7], 11u);
    EXPECT_EQ(stream.reach[0], 4u);
}

TEST(LetterStream, OneCodePointMayFoldToSeveralLetters) {
    const LetterStream stream = buildLetterStream("Straße");
    EXPECT_EQ(stream.letters, U"strasse");
    EXPECT_TRUE(stream.startsCodePoint(4));
    EXPECT_FALSE(stream.startsCodePoint(5));
    EXPECT_EQ(stream.origin[4].byte_begin, stream.origin[5].byte_begin);
}

TEST(LetterStream, LeetspeakOnlyInsideLatinWords) {
    EXPECT_EQ(buildLetterStream("sh1t").letters, U"shit");
    EXPECT_EQ(buildLetterStream("s h 1 t").letters, U"shit");
    EXPECT_EQ(buildLetterStream("a$$").letters, U"ass");
    EXPECT_EQ(buildLetterStream("2026").letters, U"");
    EXPECT_EQ(buildLetterStream("A55").letters, U"a");
    EXPECT_EQ(buildLetterStream("1980s").letters, U"s");
}

TEST(LetterStream, HangulAsJamo) {
    const LetterStream stream = buildLetterStream("시 발");
    EXPECT_EQ(stream.letters, U"\u1109\u1175\u1107\u1161\u11af");
    EXPECT_FALSE(stream.origin[0].spaced);
    EXPECT_EQ(stream.origin[2].byte_begin, 4u);
    // Hangul letters are not pieces of a spaced word, and never spelled out.
    EXPECT_TRUE(stream.pieces.empty());
    EXPECT_TRUE(stream.spelled.empty());
    // An initial consonant alone, unlike one followed by its vowel.
    EXPECT_EQ(buildLetterStream("ㅅ.ㅂ").letters, U"ㅅㅂ");
    EXPECT_EQ(buildLetterStream("ㅅ바").letters, U"ㅅ\u1107\u1161");
}

TEST(LetterStream, InvalidUtf8IsASeparator) {
    const LetterStream stream = buildLetterStream("f\xFFu");
    EXPECT_EQ(stream.letters, U"fu");
    EXPECT_EQ(stream.origin[1].byte_begin, 2u);
    EXPECT_TRUE(buildLetterStream("").letters.empty());
}

}  // namespace
}  // namespace masthead::comments
