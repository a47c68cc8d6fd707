#include "util/text.h"

#include <gtest/gtest.h>

namespace masthead::text {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
    EXPECT_FALSE(firstInvalidUtf8("plain ascii"));
    EXPECT_FALSE(firstInvalidUtf8("한국어 👋🏽 café"));
    EXPECT_FALSE(firstInvalidUtf8(""));
}

TEST(Utf8, FindsTheFirstBadByte) {
    EXPECT_EQ(firstInvalidUtf8("ab\xff"), 2U);
    EXPECT_EQ(firstInvalidUtf8("\xc0\xaf"), 0U);          // overlong '/'
    EXPECT_EQ(firstInvalidUtf8("x\xed\xa0\x80"), 1U);     // UTF-16 surrogate
    EXPECT_EQ(firstInvalidUtf8("\xf4\x90\x80\x80"), 0U);  // above U+10FFFF
    EXPECT_EQ(firstInvalidUtf8("ok\xe2\x82"), 2U);        // truncated sequence
}

TEST(Text, LineOfOffset) {
    EXPECT_EQ(lineOf("a\nb\nc", 0), 1);
    EXPECT_EQ(lineOf("a\nb\nc", 2), 2);
    EXPECT_EQ(lineOf("a\nb\nc", 4), 3);
}

TEST(Text, EscapesHtml) {
    EXPECT_EQ(escapeHtml("<a href=\"x\">Tom & 'Jerry'</a>"),
              "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
}

TEST(Text, Slugify) {
    EXPECT_EQ(slugify("China and defectors"), "china-and-defectors");
    EXPECT_EQ(slugify("  Seoul’s U-turn: 2026!  "), "seoul-s-u-turn-2026");
    EXPECT_EQ(slugify("한국어"), "");
    EXPECT_EQ(slugify("abc def ghi", 7), "abc-def");
    EXPECT_TRUE(isSlug("china-and-defectors"));
    EXPECT_FALSE(isSlug("China"));
    EXPECT_FALSE(isSlug("a--b"));
    EXPECT_FALSE(isSlug("-a"));
    EXPECT_FALSE(isSlug(""));
}

TEST(Text, SplitTrimLower) {
    EXPECT_EQ(split("a,,b", ',').size(), 3U);
    EXPECT_EQ(trim("  x y \n"), "x y");
    EXPECT_EQ(toLowerAscii("Accept-Encoding"), "accept-encoding");
}

TEST(Text, FingerprintIsStableHex) {
    EXPECT_EQ(fingerprint(""), "2d06800538d394c2");  // XXH3-64 of nothing (xxHash's test vector)
    EXPECT_EQ(fingerprint("a").size(), 16U);
    EXPECT_NE(fingerprint("a"), fingerprint("b"));
}

TEST(Text, PositiveIdsAreDigitsOnly) {
    EXPECT_EQ(positiveId("12"), 12);
    EXPECT_EQ(positiveId("9223372036854775807"), INT64_MAX);
    for (const char* bad :
         {"", "0", "-1", "+1", " 1", "1 ", "1e3", "0x10", "abc", "9223372036854775808"}) {
        EXPECT_FALSE(positiveId(bad)) << bad;
    }
}

}  // namespace
}  // namespace masthead::text
