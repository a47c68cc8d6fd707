#include "comments/hangul_jamo.h"

#include <gtest/gtest.h>

#include <string>

namespace masthead::comments::hangul {
namespace {

std::u32string jamo(std::u32string_view text) {
    std::u32string out;
    for (const char32_t c : text) {
        appendJamo(c, out);
    }
    return out;
}

TEST(HangulJamo, DecomposesSyllables) {
    EXPECT_EQ(jamo(U"시"), U"\u1109\u1175");
    EXPECT_EQ(jamo(U"발"), U"\u1107\u1161\u11af");
    EXPECT_EQ(jamo(U"가"), U"\u1100\u1161");
    EXPECT_EQ(jamo(U"힣"), U"\u1112\u1175\u11c2");
    // Conjoining jamo stay themselves; the fillers disappear.
    EXPECT_EQ(jamo(U"\u1109\u1175"), U"\u1109\u1175");
    EXPECT_EQ(jamo(U"\u115f\u1161\u1160"), U"\u1161");
}

TEST(HangulJamo, ClassifiesJamo) {
    EXPECT_TRUE(isSyllable(U'가'));
    EXPECT_TRUE(isSyllable(U'힣'));
    EXPECT_FALSE(isSyllable(U'ㅅ'));
    EXPECT_TRUE(isModernChoseong(0x1109));
    EXPECT_FALSE(isModernChoseong(0x1113));
    EXPECT_TRUE(isChoseong(0x1113));
    EXPECT_TRUE(isJungseong(0x1175));
    EXPECT_TRUE(isJongseong(0x11af));
    EXPECT_FALSE(isJongseong(0x1175));
    EXPECT_TRUE(isStandaloneInitial(U'ㅅ'));
    EXPECT_TRUE(isHangulLetter(U'ㅂ'));
    EXPECT_FALSE(isHangulLetter(U'가'));
    EXPECT_FALSE(isHangulLetter(U'a'));
}

TEST(HangulJamo, WritesEachModernInitialAlone) {
    EXPECT_EQ(standaloneInitial(0x1100), U'ㄱ');
    EXPECT_EQ(standaloneInitial(0x1109), U'ㅅ');
    EXPECT_EQ(standaloneInitial(0x1107), U'ㅂ');
    EXPECT_EQ(standaloneInitial(0x1112), U'ㅎ');
}

TEST(HangulJamo, InitialsOfAKey) {
    EXPECT_EQ(initialsOf(jamo(U"시발")), U"ㅅㅂ");
    EXPECT_EQ(initialsOf(jamo(U"개새끼")), U"ㄱㅅㄲ");
    // A syllable and an initial already alone.
    EXPECT_EQ(initialsOf(jamo(U"시") + U"ㅂ"), U"ㅅㅂ");
    // One syllable, other letters, initials only, old initial consonants: none.
    EXPECT_EQ(initialsOf(jamo(U"시")), U"");
    EXPECT_EQ(initialsOf(jamo(U"시") + U"a"), U"");
    EXPECT_EQ(initialsOf(U"ㅅㅂ"), U"");
    EXPECT_EQ(initialsOf(U"\u1113\u1161\u1109\u1175"), U"");
    EXPECT_EQ(initialsOf(U""), U"");
}

}  // namespace
}  // namespace masthead::comments::hangul
