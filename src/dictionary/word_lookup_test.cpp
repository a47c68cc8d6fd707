#include "dictionary/word_lookup.h"

#include <gtest/gtest.h>

#include "dictionary/test_support.h"

namespace masthead::dictionary {
namespace {

/// The real dictionaries (loaded once per test program) and a glossary made in memory.
class WordLookupTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dictionary_ = new Dictionary(DictionaryConfig::debian());
        auto loaded = dictionary_->load();
        ASSERT_TRUE(loaded) << loaded.error().message << testing::kSetupHint;
    }
    static void TearDownTestSuite() {
        delete dictionary_;
        dictionary_ = nullptr;
    }

    static GlossaryEntry entry(std::optional<std::int64_t> article, const std::string& key,
                               std::string korean, std::string note = {}) {
        static std::int64_t next_id = 0;
        return {++next_id, article,           article ? "slug" : "", key,
                key,       std::move(korean), std::move(note)};
    }

    static std::vector<std::string> sourceIds(const Definition& d) {
        std::vector<std::string> out;
        out.reserve(d.sources.size());
        for (const SourceEntries& s : d.sources) {
            out.push_back(s.source);
        }
        return out;
    }

    static Dictionary* dictionary_;
    Glossary glossary_;
    WordLookup lookup_{*dictionary_, glossary_};
};

Dictionary* WordLookupTest::dictionary_ = nullptr;

TEST_F(WordLookupTest, GroupsTheDictionariesEntriesBySource) {
    auto defectors = lookup_.define("Defectors", "", std::nullopt);
    ASSERT_TRUE(defectors) << defectors.error().message;
    EXPECT_EQ(defectors->normalized, "defectors");
    ASSERT_FALSE(defectors->lemmas.empty());
    EXPECT_EQ(defectors->lemmas[0].text, "defector");
    EXPECT_FALSE(defectors->phrase);
    EXPECT_TRUE(defectors->glossary.empty());
    EXPECT_EQ(sourceIds(*defectors), (std::vector<std::string>{"wn"}));  // GCIDE has none
    EXPECT_EQ(defectors->sources[0].title, "WordNet 3.0");
    EXPECT_EQ(defectors->sources[0].entries.at(0)->headword, "defector");

    // "fled" is GCIDE's own headword and WordNet's "flee": one group per source.
    auto fled = lookup_.define("fled", "", std::nullopt);
    ASSERT_TRUE(fled);
    EXPECT_EQ(sourceIds(*fled), (std::vector<std::string>{"gcide", "wn"}));
}

TEST_F(WordLookupTest, OffersThePhraseOfTheSentence) {
    auto potato = lookup_.define("potato", "It became a political hot potato for Beijing.", {});
    ASSERT_TRUE(potato);
    EXPECT_EQ(potato->phrase, "hot potato");
    EXPECT_EQ(potato->sources.at(0).entries.at(0)->headword, "hot potato");
}

TEST_F(WordLookupTest, PutsTheGlossaryFirstArticleEntriesBeforeTheSites) {
    glossary_.publish({entry(std::nullopt, "defector", "탈북자", "site"),
                       entry(7, "defector", "망명자", "article 7"),
                       entry(8, "defector", "이탈자", "article 8"),
                       entry(std::nullopt, "hot potato", "뜨거운 감자")});
    auto in_article = lookup_.define("defectors", "", 7);
    ASSERT_TRUE(in_article);
    ASSERT_EQ(in_article->glossary.size(), 2U);
    EXPECT_EQ(in_article->glossary[0].note, "article 7");
    EXPECT_TRUE(in_article->glossary[0].article_scoped);
    EXPECT_EQ(in_article->glossary[1].note, "site");
    EXPECT_FALSE(in_article->glossary[1].article_scoped);
    EXPECT_FALSE(in_article->sources.empty());

    auto anywhere = lookup_.define("Defector", "", std::nullopt);
    ASSERT_TRUE(anywhere);
    ASSERT_EQ(anywhere->glossary.size(), 1U);
    EXPECT_EQ(anywhere->glossary[0].korean, "탈북자");

    auto phrase = lookup_.define("hot", "a hot potato", std::nullopt);
    ASSERT_TRUE(phrase);
    ASSERT_EQ(phrase->glossary.size(), 1U);
    EXPECT_EQ(phrase->glossary[0].korean, "뜨거운 감자");
}

TEST_F(WordLookupTest, FindsWordsOnlyTheGlossaryKnows) {
    glossary_.publish({entry(std::nullopt, "jeonse", "전세", "a lump-sum deposit")});
    auto jeonse = lookup_.define("Jeonse,", "", std::nullopt);
    ASSERT_TRUE(jeonse) << jeonse.error().message;
    EXPECT_EQ(jeonse->normalized, "jeonse");
    EXPECT_TRUE(jeonse->sources.empty());
    ASSERT_EQ(jeonse->glossary.size(), 1U);
    EXPECT_EQ(jeonse->glossary[0].korean, "전세");

    auto unknown = lookup_.define("qwzxv", "", std::nullopt);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(unknown.error().message, "no entry for \"qwzxv\"");
    EXPECT_LE(unknown.error().suggestions.size(), 5U);

    auto empty = lookup_.define("  ", "", std::nullopt);
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, ErrorCode::kInvalidInput);
}

TEST_F(WordLookupTest, IsUnavailableWithoutDictionaries) {
    Dictionary none(DictionaryConfig{});
    EXPECT_FALSE(none.load());
    glossary_.publish({entry(std::nullopt, "jeonse", "전세")});
    const WordLookup lookup(none, glossary_);
    EXPECT_FALSE(lookup.available());
    auto r = lookup.define("jeonse", "", std::nullopt);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
}

TEST_F(WordLookupTest, ItsGenerationFollowsTheGlossary) {
    const std::uint64_t before = lookup_.generation();
    glossary_.publish({});
    EXPECT_NE(lookup_.generation(), before);
}

}  // namespace
}  // namespace masthead::dictionary
