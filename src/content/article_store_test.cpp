#include "content/article_store.h"

#include <gtest/gtest.h>

#include "content/catalog.h"
#include "content/importer.h"
#include "content/test_support.h"
#include "util/time_format.h"

namespace masthead::content {
namespace {

ArticleInput editorial(std::string slug, std::string published) {
    ArticleInput in;
    in.slug = std::move(slug);
    in.section_names = {"Opinion", "Editorials"};
    in.kind = ArticleKind::kEditorial;
    in.headline = "Headline of " + in.slug;
    in.body_markdown = "First paragraph of " + in.slug + ".\n\nSecond.\n";
    in.published_at = *parseRfc3339(published);
    in.tags = {"b-tag", "a-tag"};
    return in;
}

using ArticleStoreTest = DatabaseTest;

TEST_F(ArticleStoreTest, CreatesTheSectionTreeOnce) {
    ArticleStore store(*db_);
    auto deep = store.ensureSectionPath({"Opinion", "Editorials"});
    ASSERT_TRUE(deep);
    EXPECT_EQ(deep->path, "/opinion/editorials");
    EXPECT_EQ(deep->name, "Editorials");
    auto again = store.ensureSectionPath({"opinion", "EDITORIALS"});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->id, deep->id);
    EXPECT_EQ(again->name, "Editorials");  // the first spelling is kept
    auto sections = store.sections();
    ASSERT_TRUE(sections);
    EXPECT_EQ(sections->size(), 2U);
}

TEST_F(ArticleStoreTest, SavesRendersAndDerivesTheSummary) {
    ArticleStore store(*db_);
    auto saved = store.save(editorial("one", "2026-11-20T09:00:00+09:00"));
    ASSERT_TRUE(saved) << saved.error().message << saved.error().detail;
    EXPECT_EQ(saved->path(), "/opinion/editorials/one");
    EXPECT_EQ(saved->article.body_html, "<p>First paragraph of one.</p>\n<p>Second.</p>\n");
    EXPECT_EQ(saved->article.summary, "First paragraph of one.");
    EXPECT_EQ(saved->article.tags, (std::vector<std::string>{"a-tag", "b-tag"}));
    EXPECT_EQ(saved->article.revision, 1);
}

TEST_F(ArticleStoreTest, SavingTheSameSlugUpdatesInPlace) {
    ArticleStore store(*db_);
    auto first = store.save(editorial("same", "2026-11-20T09:00:00+09:00"));
    ASSERT_TRUE(first);
    ArticleInput changed = editorial("same", "2026-11-20T09:00:00+09:00");
    changed.headline = "Corrected headline";
    changed.section_names = {"National"};
    changed.tags = {"only"};
    auto second = store.save(changed);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->article.id, first->article.id);
    EXPECT_EQ(second->article.revision, 2);
    EXPECT_EQ(second->path(), "/national/same");
    EXPECT_EQ(second->article.tags, (std::vector<std::string>{"only"}));
    auto all = store.publishedArticles();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 1U);
    EXPECT_EQ(all->front().headline, "Corrected headline");
}

TEST_F(ArticleStoreTest, AnArticleAndASectionFrontNeverShareAnAddress) {
    ArticleStore store(*db_);
    ASSERT_TRUE(store.ensureSectionPath({"Alpha", "Beta"}));
    ArticleInput shadowing = editorial("beta", "2026-11-20T09:00:00+09:00");
    shadowing.section_names = {"Alpha"};
    auto saved = store.save(shadowing);
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code, ErrorCode::kConflict);
    EXPECT_EQ(saved.error().message,
              "the address /alpha/beta is already the Beta section front; choose another slug");

    ArticleInput article = editorial("gamma", "2026-11-20T09:00:00+09:00");
    article.section_names = {"Alpha"};
    ASSERT_TRUE(store.save(article));
    auto section = store.ensureSectionPath({"Alpha", "Gamma"});
    ASSERT_FALSE(section);
    EXPECT_EQ(section.error().code, ErrorCode::kConflict);
}

TEST_F(ArticleStoreTest, EveryContentChangeMovesTheRevisionAndNothingElseDoes) {
    ArticleStore store(*db_);
    const auto r0 = store.contentRevision();
    ASSERT_TRUE(r0);
    ASSERT_TRUE(store.save(editorial("one", "2026-11-20T09:00:00+09:00")));
    const auto r1 = store.contentRevision();
    ASSERT_TRUE(r1);
    EXPECT_GT(*r1, *r0);
    ASSERT_TRUE(
        db_->execute("INSERT INTO article_views (article_id, minute, views) "
                     "SELECT id, 1, 1 FROM articles"));
    EXPECT_EQ(store.contentRevision(), *r1);
    ASSERT_TRUE(store.ensureSectionPath({"Brand", "New"}));
    EXPECT_GT(store.contentRevision().value(), *r1);
}

TEST_F(ArticleStoreTest, DraftsAreNotPublished) {
    ArticleStore store(*db_);
    ArticleInput draft = editorial("draft", "2026-11-20T09:00:00+09:00");
    draft.status = ArticleStatus::kDraft;
    ASSERT_TRUE(store.save(draft));
    ASSERT_TRUE(store.save(editorial("live", "2026-11-21T09:00:00+09:00")));
    auto all = store.publishedArticles();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 1U);
    EXPECT_EQ(all->front().slug, "live");
}

TEST_F(ArticleStoreTest, CatalogIndexesByPathNewestFirst) {
    ArticleStore store(*db_);
    ASSERT_TRUE(store.save(editorial("older", "2026-11-19T09:00:00+09:00")));
    ASSERT_TRUE(store.save(editorial("newer", "2026-11-21T09:00:00+09:00")));
    ArticleInput news = editorial("news-story", "2026-11-20T09:00:00+09:00");
    news.section_names = {"National"};
    ASSERT_TRUE(store.save(news));

    Catalog catalog;
    const auto before = catalog.snapshot()->generation();
    ASSERT_TRUE(reloadCatalog(store, catalog));
    auto snap = catalog.snapshot();
    EXPECT_NE(snap->generation(), before);
    ASSERT_NE(snap->articleByPath("/opinion/editorials/newer"), nullptr);
    EXPECT_EQ(snap->articleByPath("/opinion/newer"), nullptr);
    const Section* opinion = snap->sectionByPath("/opinion");
    ASSERT_NE(opinion, nullptr);
    const auto under = snap->articlesUnder(*opinion);
    ASSERT_EQ(under.size(), 2U);
    EXPECT_EQ(under[0]->slug, "newer");
    EXPECT_EQ(under[1]->slug, "older");
    ASSERT_EQ(snap->latest().size(), 3U);
    EXPECT_EQ(snap->latest()[1]->slug, "news-story");
    const Section* editorials = snap->sectionByPath("/opinion/editorials");
    ASSERT_NE(editorials, nullptr);
    const auto trail = snap->trail(*editorials);
    ASSERT_EQ(trail.size(), 2U);
    EXPECT_EQ(trail[0]->name, "Opinion");
    ASSERT_EQ(snap->topSections().size(), 2U);
    EXPECT_EQ(snap->children(*opinion).size(), 1U);
}

TEST_F(ArticleStoreTest, ImporterReportsBadFilesAndKeepsGoodOnes) {
    ArticleStore store(*db_);
    Importer importer(store);
    const std::string good =
        "---\nheadline: Good one\nsection: National\npublished: "
        "2026-11-20T09:00:00+09:00\n---\nText\n";
    const std::string bad = "---\nheadline: Bad one\nsection: National\n---\nText\n";
    const EmbeddedFile files[] = {{"good.md", good}, {"bad.md", bad}};
    const auto outcomes = importer.importAll(files);
    ASSERT_EQ(outcomes.size(), 2U);
    ASSERT_TRUE(outcomes[0].path);
    EXPECT_EQ(*outcomes[0].path, "/national/good-one");
    ASSERT_FALSE(outcomes[1].path);
    EXPECT_EQ(outcomes[1].path.error().message,
              "bad.md:4: the required key \"published\" is missing");
    auto all = store.publishedArticles();
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 1U);
}

TEST_F(ArticleStoreTest, ImporterNamesAMissingFile) {
    ArticleStore store(*db_);
    Importer importer(store);
    const auto outcome = importer.importFile(dir_ / "missing.md");
    ASSERT_FALSE(outcome.path);
    EXPECT_NE(outcome.path.error().message.find("missing.md: cannot read"), std::string::npos);
}

}  // namespace
}  // namespace masthead::content
