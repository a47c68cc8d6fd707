#include "app/change_follower.h"

#include <gtest/gtest.h>

#include "content/test_support.h"
#include "dictionary/glossary_store.h"

namespace masthead::app {
namespace {

using namespace std::chrono_literals;

/// A server's follower over a real database, polled by hand (its own thread waits an hour).
class ChangeFollowerTest : public content::DatabaseTest {
  protected:
    void SetUp() override {
        DatabaseTest::SetUp();
        addArticles({"first-story"});
        catalog();
    }
    std::unique_ptr<ChangeFollower> follower(std::size_t max_batch = ChangeFollower::kMaxBatch) {
        auto db = db::connect(storage_);
        EXPECT_TRUE(db);
        const std::int64_t after = db::ChangeLog(**db).latest().value();
        return std::make_unique<ChangeFollower>(
            std::move(*db), Followers{.catalog = catalog(), .glossary = &glossary_}, after, 1h,
            max_batch);
    }
    content::ArticleInput story(const std::string& slug, std::vector<std::string> sections) {
        content::ArticleInput in;
        in.slug = slug;
        in.section_names = std::move(sections);
        in.headline = "About " + slug;
        in.body_markdown = "Text.\n";
        in.published_at = *parseRfc3339("2026-11-21T09:00:00+09:00");
        return in;
    }
    dictionary::Glossary glossary_;
};

TEST_P(ChangeFollowerTest, AppliesArticlesSectionsAndTheGlossary) {
    auto f = follower();
    const content::Section* found_national = catalog().sections()->sectionByPath("/national");
    ASSERT_NE(found_national, nullptr);
    const std::int64_t national = found_national->id;  // the tree is replaced below
    const std::uint64_t national_version = catalog().listVersion(national);
    // Another process files a story under a section that did not exist.
    content::ArticleStore store(*db_);
    ASSERT_TRUE(store.save(story("new-story", {"Culture", "Books"})));
    EXPECT_EQ(catalog().sections()->sectionByPath("/culture/books"), nullptr);
    ASSERT_TRUE(f->poll());
    const auto tree = catalog().sections();
    ASSERT_NE(tree->sectionByPath("/culture/books"), nullptr);
    auto found = catalog().articleAt(*tree, "/culture/books/new-story");
    ASSERT_TRUE(found);
    EXPECT_NE(*found, nullptr);
    EXPECT_EQ(catalog().listVersion(national), national_version);  // not on that list

    // A glossary entry is in the pop-up's glossary after the next poll.
    dictionary::GlossaryStore glossary_store(*db_);
    ASSERT_TRUE(glossary_store.save(
        {.article_slug = "", .term = "defector", .korean = "탈북자", .note = ""}));
    ASSERT_TRUE(f->poll());
    EXPECT_FALSE(glossary_.snapshot()->entries().empty());
}

TEST_P(ChangeFollowerTest, ChangesMadeWhileTheServerStartsAreApplied) {
    // The server read the log's position, then loaded; a story lands before its follower starts.
    const std::int64_t before_loading = db::ChangeLog(*db_).latest().value();
    const auto tree = catalog().sections();
    ASSERT_TRUE(catalog().articleAt(*tree, "/national/first-story").value());
    content::ArticleInput edited = story("first-story", {"National"});
    edited.headline = "Edited during start-up";
    ASSERT_TRUE(content::ArticleStore(*db_).save(edited));
    auto db = db::connect(storage_);
    ASSERT_TRUE(db);
    ChangeFollower f(std::move(*db), Followers{.catalog = catalog()}, before_loading, 1h);
    ASSERT_TRUE(f.poll());
    auto found = catalog().articleAt(*catalog().sections(), "/national/first-story");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->headline, "Edited during start-up");
}

TEST_P(ChangeFollowerTest, AFollowerFarBehindForgetsEverythingInstead) {
    auto f = follower(3);
    const auto tree = catalog().sections();
    auto first = catalog().articleAt(*tree, "/national/first-story");
    ASSERT_TRUE(first && *first);
    const std::uint64_t read = catalog().articlesRead();
    content::ArticleStore store(*db_);
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(store.save(story("burst-" + std::to_string(i), {"National"})));
    }
    const std::uint64_t home = catalog().listVersion(0);
    ASSERT_TRUE(f->poll());
    EXPECT_NE(catalog().listVersion(0), home);
    // The untouched article was forgotten too: read again.
    ASSERT_TRUE(catalog().articleAt(*catalog().sections(), "/national/first-story"));
    EXPECT_EQ(catalog().articlesRead(), read + 1);
}

MASTHEAD_STORE_TEST_SUITE(ChangeFollowerTest);

}  // namespace
}  // namespace masthead::app
