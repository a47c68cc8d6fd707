#include "dictionary/query.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace masthead::dictionary {
namespace {

using Clauses = std::vector<std::vector<std::string>>;

TEST(DictionaryQueryTest, FoldsCaseCurlyApostrophesAndSpaces) {
    EXPECT_EQ(normalizeQuery("  Korea\u2019s \t Hot\u00A0POTATO ").value(), "korea's hot potato");
    EXPECT_EQ(normalizeQuery("Seoul\u02BCs").value(), "seoul's");
    EXPECT_EQ(normalizeQuery("re\u2010elected").value(), "re-elected");
    EXPECT_EQ(foldText("  Caf\u00C9  Au\nLait "), "caf\u00C9 au lait");  // only ASCII folds
}

TEST(DictionaryQueryTest, StripsPunctuationASelectionTakesAlong) {
    EXPECT_EQ(normalizeQuery("defectors,").value(), "defectors");
    EXPECT_EQ(normalizeQuery("\"hot potato.\"").value(), "hot potato");
    EXPECT_EQ(normalizeQuery("(refuge)").value(), "refuge");
    EXPECT_EQ(normalizeQuery("\u2018asylum\u2019").value(), "asylum");
    EXPECT_EQ(normalizeQuery("defectors'").value(), "defectors");
    EXPECT_EQ(normalizeQuery("well-known").value(), "well-known");
}

TEST(DictionaryQueryTest, RefusesEmptyLongInvalidAndControlInput) {
    for (std::string_view bad : {"", "   ", "!!!", "\"\"", "--"}) {
        auto r = normalizeQuery(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
        EXPECT_EQ(r.error().message, "the query is empty");
    }
    EXPECT_TRUE(normalizeQuery(std::string(kMaxQueryBytes, 'a')));
    auto long_query = normalizeQuery(std::string(kMaxQueryBytes + 1, 'a'));
    ASSERT_FALSE(long_query);
    EXPECT_EQ(long_query.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(long_query.error().message, "the query is longer than 64 bytes");
    // Spaces count: the limit is on what the client sent.
    EXPECT_FALSE(normalizeQuery(std::string(60, ' ') + "refuge"));

    auto invalid = normalizeQuery("ref\xFFuge");
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().message, "the query is not valid UTF-8");
    EXPECT_FALSE(normalizeQuery("\xC0\xAF"));      // overlong
    EXPECT_FALSE(normalizeQuery("\xED\xA0\x80"));  // surrogate

    auto control = normalizeQuery(std::string("ref\0uge", 7));
    ASSERT_FALSE(control);
    EXPECT_EQ(control.error().message, "the query holds control characters");
    EXPECT_FALSE(normalizeQuery("a\x7F"));
}

TEST(DictionaryQueryTest, SplitsAContextIntoClausesOfWords) {
    EXPECT_EQ(contextClauses("It was a political hot potato, for Beijing."),
              (Clauses{{"it", "was", "a", "political", "hot", "potato"}, {"for", "beijing"}}));
    EXPECT_EQ(contextClauses("Korea\u2019s \u201Cquiet diplomacy\u201D \u2014 again"),
              (Clauses{{"korea's"}, {"quiet", "diplomacy"}, {"again"}}));
    EXPECT_EQ(contextClauses("the defectors' well-known refuge - there"),
              (Clauses{{"the", "defectors", "well-known", "refuge", "there"}}));
    EXPECT_EQ(contextClauses("\uC11C\uC6B8\uC758 hot potato"),
              (Clauses{{"\uC11C\uC6B8\uC758", "hot", "potato"}}));
}

TEST(DictionaryQueryTest, IgnoresAnInvalidOrOverlongContext) {
    EXPECT_TRUE(contextClauses("hot \xFF potato").empty());
    EXPECT_TRUE(contextClauses(std::string(kMaxContextBytes + 1, 'a')).empty());
    EXPECT_TRUE(contextClauses("").empty());
    EXPECT_TRUE(contextClauses(" ... ").empty());
}

}  // namespace
}  // namespace masthead::dictionary
