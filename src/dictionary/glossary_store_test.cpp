#include "dictionary/glossary_store.h"

#include <gtest/gtest.h>

#include <array>

#include "content/article_store.h"
#include "content/test_support.h"
#include "db/change_log.h"
#include "util/time_format.h"

namespace masthead::dictionary {
namespace {

/// A real SQLite file with the real migrations and two articles to attach entries to.
class GlossaryStoreTest : public content::DatabaseTest {
  protected:
    void SetUp() override {
        DatabaseTest::SetUp();
        ids_ = addArticles({"rents-in-seoul", "defectors-in-china"});
        ASSERT_EQ(ids_.size(), 2u);
    }

    /// The change log's last entry: a glossary change is recorded there for running servers.
    std::int64_t revision() { return *db::ChangeLog(*db_).latest(); }

    std::vector<std::int64_t> ids_;
};

TEST_P(GlossaryStoreTest, AddsReplacesListsAndRemovesEntries) {
    GlossaryStore store(*db_);
    const std::int64_t before = revision();
    auto added = store.save({"", "  Jeonse ", "전세", "a lump-sum\n deposit instead of rent"});
    ASSERT_TRUE(added) << added.error().message;
    EXPECT_EQ(*added, GlossarySave::kAdded);
    EXPECT_GT(revision(), before);  // running servers reload it

    ASSERT_TRUE(store.save({"rents-in-seoul", "jeonse", "전세 (전세금)", ""}));
    auto replaced = store.save({"", "JEONSE", "전세 보증금", "deposit"});
    ASSERT_TRUE(replaced);
    EXPECT_EQ(*replaced, GlossarySave::kUpdated);
    ASSERT_TRUE(store.save({"", "chaebol", "재벌", ""}));

    auto all = store.entries();
    ASSERT_TRUE(all) << all.error().message;
    ASSERT_EQ(all->size(), 3U);
    // Site-wide first, by key; then the articles'.
    EXPECT_EQ((*all)[0].term_key, "chaebol");
    EXPECT_FALSE((*all)[0].article_id);
    EXPECT_EQ((*all)[1].term, "JEONSE");
    EXPECT_EQ((*all)[1].term_key, "jeonse");
    EXPECT_EQ((*all)[1].korean, "전세 보증금");
    EXPECT_EQ((*all)[1].note, "deposit");
    EXPECT_EQ((*all)[2].article_id, ids_[0]);
    EXPECT_EQ((*all)[2].article_slug, "rents-in-seoul");
    EXPECT_EQ((*all)[2].korean, "전세 (전세금)");

    auto of_article = store.entriesOf("rents-in-seoul");
    ASSERT_TRUE(of_article);
    ASSERT_EQ(of_article->size(), 1U);
    auto of_site = store.entriesOf("");
    ASSERT_TRUE(of_site);
    EXPECT_EQ(of_site->size(), 2U);
    auto unknown = store.entriesOf("no-such-article");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);

    ASSERT_TRUE(store.remove("", "Jeonse"));
    auto again = store.remove("", "jeonse");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(again.error().message, "no glossary entry \"jeonse\" for the site");
    ASSERT_TRUE(store.remove("rents-in-seoul", "jeonse"));
    EXPECT_EQ(store.entries()->size(), 1U);
}

TEST_P(GlossaryStoreTest, ChecksEveryEntry) {
    GlossaryStore store(*db_);
    struct Case {
        GlossaryInput input;
        std::string message;
    };
    const auto cases = std::to_array<Case>({
        {{"", "", "전세", ""}, "the term is empty"},
        {{"", " ?! ", "전세", ""}, "the term is empty"},
        {{"", std::string(65, 'a'), "전세", ""}, "the term is longer than 64 bytes"},
        {{"", "caf\xC3", "전세", ""}, "the term is not valid UTF-8"},
        {{"", "a\x01b", "전세", ""}, "the term holds control characters"},
        {{"", "jeonse", " ", ""}, "the Korean gloss is empty"},
        {{"", "jeonse", std::string(201, 'k'), ""}, "the Korean gloss is longer than 200 bytes"},
        {{"", "jeonse", "\xFF", ""}, "the Korean gloss is not valid UTF-8"},
        {{"", "jeonse", "전세", std::string(501, 'n')}, "the note is longer than 500 bytes"},
        {{"", "jeonse", "전세", "bell\x07"}, "the note holds control characters"},
    });
    for (const auto& c : cases) {
        auto saved = store.save(c.input);
        ASSERT_FALSE(saved) << c.message;
        EXPECT_EQ(saved.error().code, ErrorCode::kInvalidInput);
        EXPECT_EQ(saved.error().message, c.message);
    }
    // The limit is on the folded term: spaces around it and curly apostrophes do not count.
    EXPECT_TRUE(store.save({"", "  " + std::string(64, 'a') + "  ", "긴", ""}));
    auto longest = store.save({"", "long", std::string(200, 'k'), std::string(500, 'n')});
    ASSERT_TRUE(longest) << longest.error().message;
    auto unknown = store.save({"no-such-article", "jeonse", "전세", ""});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(unknown.error().message, "no article with the slug \"no-such-article\"");
    EXPECT_EQ(store.entries()->size(), 2U);
}

TEST_P(GlossaryStoreTest, ImportsAllOrNothing) {
    GlossaryStore store(*db_);
    ASSERT_TRUE(store.save({"", "jeonse", "전세", "old"}));
    const std::int64_t before = revision();
    const std::vector<GlossaryInput> bad = {{"", "chaebol", "재벌", ""},
                                            {"rents-in-seoul", "wolse", "월세", ""},
                                            {"no-such-article", "hagwon", "학원", ""}};
    auto failed = store.importEntries(bad);
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().message, "entry 3: no article with the slug \"no-such-article\"");
    EXPECT_EQ(store.entries()->size(), 1U);  // nothing of the first two
    EXPECT_EQ(revision(), before);

    const std::vector<GlossaryInput> repeated = {{"", "chaebol", "재벌", ""},
                                                 {"", "Chaebol", "재벌", ""}};
    auto twice = store.importEntries(repeated);
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().message, "entry 2: repeats entry 1 (\"chaebol\" for the site)");

    const std::vector<GlossaryInput> invalid = {{"", "chaebol", "", ""}};
    auto empty_gloss = store.importEntries(invalid);
    ASSERT_FALSE(empty_gloss);
    EXPECT_EQ(empty_gloss.error().message, "entry 1: the Korean gloss is empty");

    const std::vector<GlossaryInput> good = {{"", "chaebol", "재벌", ""},
                                             {"", "jeonse", "전세", "new"},
                                             {"defectors-in-china", "jeonse", "전세", ""}};
    auto imported = store.importEntries(good);
    ASSERT_TRUE(imported) << imported.error().message;
    EXPECT_EQ(imported->added, 2U);
    EXPECT_EQ(imported->updated, 1U);
    EXPECT_GT(revision(), before);
    auto all = store.entries();
    ASSERT_EQ(all->size(), 3U);
    EXPECT_EQ((*all)[1].note, "new");
}

TEST_P(GlossaryStoreTest, ReloadPublishesASnapshotThatFindsArticleEntriesFirst) {
    GlossaryStore store(*db_);
    ASSERT_TRUE(store.save({"", "jeonse", "전세", "site"}));
    ASSERT_TRUE(store.save({"rents-in-seoul", "Jeonse", "전세금", "article"}));
    Glossary glossary;
    const std::uint64_t empty_generation = glossary.snapshot()->generation();
    ASSERT_TRUE(reloadGlossary(store, glossary));
    const auto snapshot = glossary.snapshot();
    EXPECT_NE(snapshot->generation(), empty_generation);
    EXPECT_EQ(snapshot->entries().size(), 2U);

    auto in_article = snapshot->find("jeonse", ids_[0]);
    ASSERT_EQ(in_article.size(), 2U);
    EXPECT_EQ(in_article[0]->note, "article");
    EXPECT_EQ(in_article[1]->note, "site");
    auto elsewhere = snapshot->find("jeonse", ids_[1]);
    ASSERT_EQ(elsewhere.size(), 1U);
    EXPECT_EQ(elsewhere[0]->note, "site");
    EXPECT_EQ(snapshot->find("jeonse", std::nullopt).size(), 1U);
    EXPECT_TRUE(snapshot->find("wolse", ids_[0]).empty());
}

TEST_P(GlossaryStoreTest, AnArticlesEntriesGoWithIt) {
    GlossaryStore store(*db_);
    ASSERT_TRUE(store.save({"defectors-in-china", "talbukja", "탈북자", ""}));
    ASSERT_TRUE(db_->execute("DELETE FROM articles WHERE id = $1", {ids_[1]}));
    EXPECT_TRUE(store.entries()->empty());
}

MASTHEAD_STORE_TEST_SUITE(GlossaryStoreTest);

}  // namespace
}  // namespace masthead::dictionary
