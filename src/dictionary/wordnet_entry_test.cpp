#include "dictionary/wordnet_entry.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "dictionary/test_support.h"

namespace masthead::dictionary {
namespace {

std::vector<Entry> realEntries(std::string_view headword) {
    const auto articles =
        testing::realArticles(testing::kWordNetIndex, testing::kWordNetData, headword);
    EXPECT_EQ(articles.size(), 1U) << headword;
    return articles.empty() ? std::vector<Entry>{} : parseWordNetEntry(articles.front());
}

bool contains(const std::vector<std::string>& list, std::string_view item) {
    return std::ranges::find(list, item) != list.end();
}

TEST(WordNetEntryTest, ParsesTheRealDefectorEntry) {
    const auto entries = realEntries("defector");
    ASSERT_EQ(entries.size(), 1U);
    const Entry& e = entries[0];
    EXPECT_EQ(e.headword, "defector");
    EXPECT_EQ(e.part_of_speech, "noun");
    EXPECT_FALSE(e.pronunciation);
    ASSERT_EQ(e.senses.size(), 1U);
    EXPECT_EQ(e.senses[0].number, 1);
    EXPECT_EQ(e.senses[0].text, "a person who abandons their duty (as on a military post)");
    EXPECT_TRUE(e.senses[0].examples.empty());
    EXPECT_TRUE(contains(e.synonyms, "deserter"));
    EXPECT_FALSE(contains(e.synonyms, "defector"));  // not a synonym of itself
    EXPECT_TRUE(contains(e.senses[0].synonyms, "defector"));
}

TEST(WordNetEntryTest, ParsesSensesExamplesAndSynonymsOfRefuge) {
    const auto entries = realEntries("refuge");
    ASSERT_EQ(entries.size(), 1U);
    const Entry& e = entries[0];
    ASSERT_EQ(e.senses.size(), 4U);
    EXPECT_EQ(e.senses[0].text, "a safe place");
    EXPECT_EQ(e.senses[0].examples, (std::vector<std::string>{"He ran to safety"}));
    EXPECT_EQ(e.senses[1].examples, (std::vector<std::string>{"his only recourse was the police",
                                                              "took refuge in lying"}));
    EXPECT_EQ(e.senses[2].text, "a shelter from danger or hardship");
    EXPECT_EQ(e.senses[2].synonyms, (std::vector<std::string>{"refuge", "sanctuary", "asylum"}));
    EXPECT_EQ(e.senses[3].number, 4);
    EXPECT_TRUE(contains(e.synonyms, "sanctuary"));
    EXPECT_TRUE(contains(e.synonyms, "asylum"));
}

TEST(WordNetEntryTest, SplitsPartsOfSpeechIntoEntries) {
    const auto repatriate = realEntries("repatriate");
    ASSERT_EQ(repatriate.size(), 2U);
    EXPECT_EQ(repatriate[0].part_of_speech, "noun");
    EXPECT_EQ(repatriate[1].part_of_speech, "verb");
    EXPECT_EQ(repatriate[1].senses.size(), 2U);
    EXPECT_EQ(repatriate[1].senses[0].text,
              "send someone back to his homeland against his will, as of refugees");
    EXPECT_TRUE(contains(repatriate[1].antonyms, "deport"));

    const auto good = realEntries("good");
    ASSERT_EQ(good.size(), 3U);
    EXPECT_EQ(good[0].part_of_speech, "adverb");
    EXPECT_EQ(good[1].part_of_speech, "adjective");
    EXPECT_EQ(good[1].senses.size(), 21U);
    EXPECT_EQ(good[2].part_of_speech, "noun");
    // "(p)" marks an adjective's position, not part of the synonym.
    EXPECT_TRUE(contains(good[1].synonyms, "in effect"));
    EXPECT_TRUE(contains(good[1].antonyms, "bad"));
    // `good' quotes become plain apostrophes.
    EXPECT_NE(good[0].senses[1].text.find("('good' is sometimes"), std::string::npos);
}

TEST(WordNetEntryTest, JoinsWordsWrappedAfterAHyphen) {
    const auto korea = realEntries("korea");
    ASSERT_EQ(korea.size(), 1U);
    EXPECT_NE(korea[0].senses[0].text.find("Dae-Han-Min-Gook"), std::string::npos)
        << korea[0].senses[0].text;
}

TEST(WordNetEntryTest, KeepsAttributionsAndSurvivesOddText) {
    const auto entries = parseWordNetEntry(
        "mercy\n"
        "    n 1: leniency; \"the quality of mercy is not strained\"--Shakespeare;\n"
        "         \"an unfinished example\n"
        "    2: text with no examples [syn: {clemency}, {mercifulness}]\n"
        "    v 7: a sense numbered oddly [ant: {cruelty}\n");
    ASSERT_EQ(entries.size(), 2U);
    EXPECT_EQ(entries[0].senses[0].text, "leniency");
    EXPECT_EQ(entries[0].senses[0].examples,
              (std::vector<std::string>{"the quality of mercy is not strained \u2014Shakespeare",
                                        "an unfinished example"}));
    EXPECT_EQ(entries[0].synonyms, (std::vector<std::string>{"clemency", "mercifulness"}));
    EXPECT_EQ(entries[1].senses[0].number, 7);
    EXPECT_EQ(entries[1].antonyms, (std::vector<std::string>{"cruelty"}));

    EXPECT_TRUE(parseWordNetEntry("").empty());
    EXPECT_TRUE(parseWordNetEntry("lonely headword\n").empty());
    const auto loose = parseWordNetEntry("word\n  some text without a number\n");
    ASSERT_EQ(loose.size(), 1U);
    EXPECT_EQ(loose[0].senses[0].text, "some text without a number");
}

}  // namespace
}  // namespace masthead::dictionary
