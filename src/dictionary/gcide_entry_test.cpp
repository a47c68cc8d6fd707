#include "dictionary/gcide_entry.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "dictionary/test_support.h"

namespace masthead::dictionary {
namespace {

std::vector<Entry> realEntries(std::string_view headword) {
    std::vector<Entry> entries;
    for (const std::string& article :
         testing::realArticles(testing::kGcideIndex, testing::kGcideData, headword)) {
        entries.push_back(parseGcideEntry(article));
    }
    return entries;
}

bool contains(const std::vector<std::string>& list, std::string_view item) {
    return std::ranges::find(list, item) != list.end();
}

TEST(GcideEntryTest, ParsesTheRealRefugeEntries) {
    const auto entries = realEntries("Refuge");
    ASSERT_EQ(entries.size(), 2U);
    const Entry& noun = entries[0];
    EXPECT_EQ(noun.headword, "Refuge");
    EXPECT_EQ(noun.part_of_speech, "noun");
    // "(r?f"?j)": Debian's conversion lost characters there.
    EXPECT_FALSE(noun.pronunciation);
    ASSERT_EQ(noun.senses.size(), 3U);
    EXPECT_EQ(noun.senses[0].number, 1);
    EXPECT_EQ(noun.senses[0].text, "Shelter or protection from danger or distress.");
    ASSERT_EQ(noun.senses[0].examples.size(), 2U);
    EXPECT_EQ(noun.senses[0].examples[0],
              "Rocks, dens, and caves! But I in none of these Find place or refuge. \u2014Milton.");
    EXPECT_EQ(noun.senses[2].number, 3);
    EXPECT_EQ(noun.synonyms, (std::vector<std::string>{"Shelter", "asylum", "retreat", "covert"}));
    for (const Sense& s : noun.senses) {
        EXPECT_EQ(s.text.find("1913 Webster"), std::string::npos) << s.text;
        EXPECT_EQ(s.text.find('{'), std::string::npos) << s.text;
    }

    const Entry& verb = entries[1];
    EXPECT_EQ(verb.part_of_speech, "verb");
    ASSERT_EQ(verb.senses.size(), 1U);
    EXPECT_EQ(verb.senses[0].text, "To shelter; to protect. [Obs.]");
}

TEST(GcideEntryTest, ConvertsAccentCodesInPronunciations) {
    const auto flee = realEntries("Flee");
    ASSERT_EQ(flee.size(), 1U);
    EXPECT_EQ(flee[0].pronunciation, "fl\u0113");  // (fl[=e])
    EXPECT_EQ(flee[0].part_of_speech, "verb");
    ASSERT_EQ(flee[0].senses.size(), 1U);
    EXPECT_TRUE(flee[0].senses[0].text.starts_with("To run away, as from danger or evil;"));
    EXPECT_EQ(flee[0].senses[0].examples.size(), 3U);

    const auto asylum = realEntries("Asylum");
    ASSERT_EQ(asylum.size(), 1U);
    EXPECT_EQ(asylum[0].part_of_speech, "noun");
    EXPECT_FALSE(asylum[0].pronunciation);
    EXPECT_EQ(asylum[0].senses.size(), 3U);
    EXPECT_TRUE(contains(asylum[0].senses[0].examples,
                         "So sacred was the church to some, that it had the right of an asylum or "
                         "sanctuary. \u2014Ayliffe."));
}

TEST(GcideEntryTest, ReadsInflectedFormEntries) {
    const auto fled = realEntries("Fled");
    ASSERT_EQ(fled.size(), 2U);  // "Fled" itself, and Flee's article listed under Fled
    EXPECT_EQ(fled[0].headword, "Fled");
    ASSERT_EQ(fled[0].senses.size(), 1U);
    EXPECT_EQ(fled[0].senses[0].text, "imp. & p. p. of Flee.");
    EXPECT_EQ(fled[1].headword, "Flee");
}

TEST(GcideEntryTest, ConvertsAccentCodes) {
    EXPECT_EQ(convertGcideAccents("r['e]fuge, [ae]on, g[=o]s, fl[e^]d, [=oo], [,c]a"),
              "r\u00E9fuge, \u00E6on, g\u014Ds, fl\u0115d, o\u035Eo, \u00E7a");
    EXPECT_EQ(convertGcideAccents("[.m] [-e] [\"u] [thorn] [root]"),
              "m\u0323 e \u00FC \u00FE \u221A");
    // Not codes: left alone.
    EXPECT_EQ(convertGcideAccents("[Obs.] [1913 Webster] [He] [= [unclosed"),
              "[Obs.] [1913 Webster] [He] [= [unclosed");
}

TEST(GcideEntryTest, SurvivesOddText) {
    const Entry none = parseGcideEntry("");
    EXPECT_TRUE(none.headword.empty());
    EXPECT_TRUE(none.senses.empty());
    const Entry unclosed = parseGcideEntry("Word \\Word\\ (w[^u]rd), n. [never closed\n   text\n");
    EXPECT_EQ(unclosed.headword, "Word");
    EXPECT_EQ(unclosed.pronunciation, "w\u00FBrd");
    EXPECT_EQ(unclosed.part_of_speech, "noun");
    const Entry plain = parseGcideEntry("Plain\n   Just a definition.\n\n   Note: skipped.\n");
    EXPECT_EQ(plain.headword, "Plain");
    ASSERT_EQ(plain.senses.size(), 1U);
    EXPECT_EQ(plain.senses[0].text, "Just a definition.");
}

}  // namespace
}  // namespace masthead::dictionary
