#include "content/article_store.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <set>

#include "content/catalog.h"
#include "content/importer.h"
#include "content/test_support.h"
#include "db/change_log.h"
#include "util/time_format.h"

namespace masthead::content {
namespace {

ArticleInput editorial(std::string slug, const std::string& published) {
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

/// `count` editorials "story-0", "story-1", ... one an hour from 1 November 2026, the last
/// two in the same hour (so ties go by id).
void addHourlyEditorials(ArticleStore& store, int count) {
    for (int i = 0; i < count; ++i) {
        const int hour = i == count - 1 ? count - 2 : i;
        std::array<char, 40> when{};
        std::snprintf(when.data(), when.size(), "2026-11-%02dT%02d:00:00+09:00", 1 + hour / 24,
                      hour % 24);
        ASSERT_TRUE(store.save(editorial("story-" + std::to_string(i), when.data())));
    }
}

using ArticleStoreTest = DatabaseTest;

TEST_P(ArticleStoreTest, CreatesTheSectionTreeOnce) {
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

TEST_P(ArticleStoreTest, SavesRendersAndDerivesTheSummary) {
    ArticleStore store(*db_);
    auto saved = store.save(editorial("one", "2026-11-20T09:00:00+09:00"));
    ASSERT_TRUE(saved) << saved.error().message << saved.error().detail;
    EXPECT_EQ(saved->path(), "/opinion/editorials/one");
    EXPECT_EQ(saved->article.body_html, "<p>First paragraph of one.</p>\n<p>Second.</p>\n");
    EXPECT_EQ(saved->article.summary, "First paragraph of one.");
    EXPECT_EQ(saved->article.tags, (std::vector<std::string>{"a-tag", "b-tag"}));
    EXPECT_EQ(saved->article.revision, 1);
}

TEST_P(ArticleStoreTest, SavingTheSameSlugUpdatesInPlace) {
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
    auto all = store.listed(0, 0, 10);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 1U);
    EXPECT_EQ(all->front().headline, "Corrected headline");
    // Moved from Opinion > Editorials to National: off those fronts, on National's.
    auto national = store.ensureSectionPath({"National"});
    auto opinion = store.ensureSectionPath({"Opinion"});
    ASSERT_TRUE(national && opinion);
    EXPECT_EQ(store.listedCount(national->id), 1);
    EXPECT_EQ(store.listedCount(opinion->id), 0);
    EXPECT_EQ(store.listed(opinion->id, 0, 10)->size(), 0U);
}

TEST_P(ArticleStoreTest, AnArticleAndASectionFrontNeverShareAnAddress) {
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

TEST_P(ArticleStoreTest, EveryContentChangeIsInTheChangeLogAndNothingElse) {
    ArticleStore store(*db_);
    db::ChangeLog log(*db_);
    EXPECT_FALSE(store.hasContent().value());
    ASSERT_TRUE(store.save(editorial("one", "2026-11-20T09:00:00+09:00")));
    EXPECT_TRUE(store.hasContent().value());
    auto changes = log.since(0, 100);
    ASSERT_TRUE(changes);
    // Opinion and Editorials made, then the article filed under Editorials (new: 0 before).
    ASSERT_EQ(changes->changes.size(), 3U);
    EXPECT_EQ(changes->changes[0].topic, "sections");
    EXPECT_EQ(changes->changes[2].topic, "article");
    const auto editorials = store.ensureSectionPath({"Opinion", "Editorials"}).value();
    EXPECT_EQ(changes->changes[2].detail, "0," + std::to_string(editorials.id));
    const std::int64_t seen = changes->latest;
    ASSERT_TRUE(
        db_->execute("INSERT INTO article_views (article_id, minute, views) "
                     "SELECT id, 1, 1 FROM articles"));
    EXPECT_EQ(log.latest().value(), seen);  // read counts are no content change
    ASSERT_TRUE(store.ensureSectionPath({"Brand", "New"}));
    EXPECT_EQ(log.since(seen, 10)->changes.size(), 2U);
}

TEST_P(ArticleStoreTest, DraftsAreNotPublished) {
    ArticleStore store(*db_);
    ArticleInput draft = editorial("draft", "2026-11-20T09:00:00+09:00");
    draft.status = ArticleStatus::kDraft;
    ASSERT_TRUE(store.save(draft));
    ASSERT_TRUE(store.save(editorial("live", "2026-11-21T09:00:00+09:00")));
    auto all = store.listed(0, 0, 10);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 1U);
    EXPECT_EQ(all->front().slug, "live");
    EXPECT_FALSE(store.publishedBySlug("draft").value());
    // Unpublishing takes it off every front and out of the counts.
    ArticleInput unpublished = editorial("live", "2026-11-21T09:00:00+09:00");
    unpublished.status = ArticleStatus::kDraft;
    ASSERT_TRUE(store.save(unpublished));
    EXPECT_EQ(store.listed(0, 0, 10)->size(), 0U);
    const auto editorials = store.ensureSectionPath({"Opinion", "Editorials"});
    ASSERT_TRUE(editorials);
    EXPECT_EQ(store.listedCount(editorials->id), 0);
}

TEST_P(ArticleStoreTest, FrontsListTheirSubSectionsNewestFirst) {
    ArticleStore store(*db_);
    ASSERT_TRUE(store.save(editorial("older", "2026-11-19T09:00:00+09:00")));
    ASSERT_TRUE(store.save(editorial("newer", "2026-11-21T09:00:00+09:00")));
    ArticleInput news = editorial("news-story", "2026-11-20T09:00:00+09:00");
    news.section_names = {"National"};
    ASSERT_TRUE(store.save(news));

    Catalog& cat = catalog();
    const auto tree = cat.sections();
    auto found = cat.articleAt(*tree, "/opinion/editorials/newer");
    ASSERT_TRUE(found);
    ASSERT_NE(*found, nullptr);
    EXPECT_EQ((*found)->tags, (std::vector<std::string>{"a-tag", "b-tag"}));
    EXPECT_EQ((*found)->body_markdown, "");                              // pages need the HTML only
    EXPECT_EQ(cat.articleAt(*tree, "/opinion/newer").value(), nullptr);  // not its address
    EXPECT_EQ(cat.articleAt(*tree, "/opinion").value(), nullptr);
    const Section* opinion = tree->sectionByPath("/opinion");
    ASSERT_NE(opinion, nullptr);
    const auto under = cat.listed(opinion->id, 0, 10);
    ASSERT_TRUE(under);
    ASSERT_EQ(under->size(), 2U);
    EXPECT_EQ((*under)[0].slug, "newer");
    EXPECT_EQ((*under)[1].slug, "older");
    EXPECT_EQ(cat.listedCount(opinion->id), 2U);
    const auto latest = cat.listed(0, 0, 10);
    ASSERT_EQ(latest->size(), 3U);
    EXPECT_EQ((*latest)[1].slug, "news-story");
    const Section* editorials = tree->sectionByPath("/opinion/editorials");
    ASSERT_NE(editorials, nullptr);
    const auto trail = tree->trail(*editorials);
    ASSERT_EQ(trail.size(), 2U);
    EXPECT_EQ(trail[0]->name, "Opinion");
    EXPECT_EQ(tree->chain(editorials->id),
              (std::vector<std::int64_t>{editorials->id, opinion->id}));
    ASSERT_EQ(tree->topSections().size(), 2U);
    EXPECT_EQ(tree->children(*opinion).size(), 1U);
}

TEST_P(ArticleStoreTest, KeysetPagesStayStableWhileStoriesLand) {
    ArticleStore store(*db_);
    addHourlyEditorials(store, 45);
    ASSERT_FALSE(HasFatalFailure());
    auto section = store.ensureSectionPath({"Opinion", "Editorials"});
    ASSERT_TRUE(section);
    auto page1 = store.listed(section->id, 0, 20);
    ASSERT_TRUE(page1);
    ASSERT_EQ(page1->size(), 20U);
    // A story lands between the reader's page 1 and page 2.
    ASSERT_TRUE(store.save(editorial("breaking", "2026-12-01T09:00:00+09:00")));
    const ListKey last{page1->back().published_at, page1->back().id};
    auto page2 = store.listedAfter(section->id, last, 20);
    ASSERT_TRUE(page2);
    ASSERT_EQ(page2->size(), 20U);
    auto page3 = store.listedAfter(section->id, {page2->back().published_at, page2->back().id}, 20);
    ASSERT_TRUE(page3);
    EXPECT_EQ(page3->size(), 5U);  // 45 old ones in all: none twice, none missed
    std::set<std::int64_t> seen;
    for (const auto* page : {&*page1, &*page2, &*page3}) {
        for (const Teaser& t : *page) {
            EXPECT_TRUE(seen.insert(t.id).second) << t.slug << " twice";
        }
    }
    EXPECT_EQ(seen.size(), 45U);
    // By offset, the same page 2 would have repeated page 1's last story.
    auto by_offset = store.listed(section->id, 20, 20);
    EXPECT_EQ(by_offset->front().id, page1->back().id);
    // Back from page 2: the 20 just newer than its first story, newest first.
    auto back =
        store.listedBefore(section->id, {page2->front().published_at, page2->front().id}, 20);
    ASSERT_TRUE(back);
    ASSERT_EQ(back->size(), 20U);
    EXPECT_EQ(back->front().id, page1->front().id);
    EXPECT_EQ(back->back().id, page1->back().id);
}

TEST_P(ArticleStoreTest, DeepPagesStartFromMarksAndMatchTheOffsetQuery) {
    ArticleStore store(*db_);
    addHourlyEditorials(store, 95);
    ASSERT_FALSE(HasFatalFailure());
    const auto section = store.ensureSectionPath({"Opinion", "Editorials"}).value();
    auto marks = store.listingMarks(section.id, 10);
    ASSERT_TRUE(marks);
    ASSERT_EQ(marks->size(), 9U);  // positions 9, 19, ... 89
    const auto at9 = store.listed(section.id, 9, 1).value();
    EXPECT_EQ((*marks)[0].id, at9.front().id);
    EXPECT_EQ(store.listingMarks(0, 10).value().size(), 9U);  // the site-wide list too

    Catalog catalog(pool(), CatalogOptions{.mark_every = 10});
    ASSERT_TRUE(catalog.loadSections());
    const auto same_as_offset = [&](std::int64_t id) {
        for (std::size_t offset : {0, 9, 10, 11, 19, 20, 37, 89, 90, 94, 95, 120}) {
            for (std::size_t limit : {1, 7, 20}) {
                auto deep = catalog.listed(id, offset, limit);
                auto plain = ArticleStore(*db_).listed(id, offset, limit);
                ASSERT_TRUE(deep && plain);
                std::vector<std::int64_t> a;
                std::vector<std::int64_t> b;
                for (const Teaser& t : *deep) {
                    a.push_back(t.id);
                }
                for (const Teaser& t : *plain) {
                    b.push_back(t.id);
                }
                EXPECT_EQ(a, b) << "section " << id << " offset " << offset << " limit " << limit;
            }
        }
    };
    same_as_offset(section.id);
    same_as_offset(0);
    // A story lands at the top, one in the middle, one leaves: the marks are read again once
    // the change is applied (as the change follower does), and pages follow.
    auto top = store.save(editorial("breaking", "2026-12-01T09:00:00+09:00")).value();
    auto middle = store.save(editorial("middle", "2026-11-02T12:30:00+09:00")).value();
    ArticleInput gone = editorial("story-40", "2026-11-02T16:00:00+09:00");
    gone.status = ArticleStatus::kDraft;
    auto drafted = store.save(gone).value();
    for (const auto& changed : {top, middle, drafted}) {
        catalog.articleChanged(changed.article.id, changed.section.id, changed.section.id);
    }
    same_as_offset(section.id);
    same_as_offset(0);
}

TEST_P(ArticleStoreTest, ADeepPageIsReadFromTheListingIndex) {
    for (const char* sql :
         {"SELECT article_id FROM article_listings WHERE section_id = 1 ORDER BY published_at "
          "DESC, article_id DESC LIMIT 20 OFFSET 4000",
          "SELECT article_id FROM article_listings WHERE section_id = 1 AND (published_at, "
          "article_id) < (5, 6) ORDER BY published_at DESC, article_id DESC LIMIT 21",
          "SELECT id FROM articles WHERE status = 'published' ORDER BY published_at DESC, id DESC "
          "LIMIT 20 OFFSET 4000"}) {
        auto plan = db_->query(std::string("EXPLAIN QUERY PLAN ") + sql);
        ASSERT_TRUE(plan);
        std::string text;
        for (const auto& row : *plan) {
            text += row.text(3) + "\n";
        }
        EXPECT_EQ(text.find("TEMP B-TREE"), std::string::npos) << sql << "\n" << text;
        EXPECT_NE(text.find("USING"), std::string::npos) << sql << "\n" << text;
    }
}

TEST_P(ArticleStoreTest, ImporterReportsBadFilesAndKeepsGoodOnes) {
    ArticleStore store(*db_);
    Importer importer(store);
    const std::string good =
        "---\nheadline: Good one\nsection: National\npublished: "
        "2026-11-20T09:00:00+09:00\n---\nText\n";
    const std::string bad = "---\nheadline: Bad one\nsection: National\n---\nText\n";
    const auto files = std::to_array<EmbeddedFile>({{"good.md", good}, {"bad.md", bad}});
    const auto outcomes = importer.importAll(files);
    ASSERT_EQ(outcomes.size(), 2U);
    ASSERT_TRUE(outcomes[0].path);
    EXPECT_EQ(*outcomes[0].path, "/national/good-one");
    ASSERT_FALSE(outcomes[1].path);
    EXPECT_EQ(outcomes[1].path.error().message,
              "bad.md:4: the required key \"published\" is missing");
    auto all = store.listed(0, 0, 10);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 1U);
}

TEST_P(ArticleStoreTest, BatchImportsSkipUnchangedFilesAndStopCleanly) {
    const auto folder = dir_ / "articles";
    std::filesystem::create_directories(folder / "2026");
    const auto write = [&](const std::string& name, const std::string& headline,
                           const std::string& extra = "") {
        std::ofstream(folder / name) << "---\nheadline: " << headline
                                     << "\nsection: National\npublished: "
                                        "2026-11-20T09:00:00+09:00\n"
                                     << extra << "---\nText of " << headline << ".\n";
    };
    for (int i = 0; i < 7; ++i) {
        write("2026/story-" + std::to_string(i) + ".md", "Story " + std::to_string(i));
    }
    std::ofstream(folder / "bad.md") << "---\nheadline: Bad\n---\nText\n";
    std::ofstream(folder / "notes.txt") << "not an article";
    auto files = articleFiles({folder});
    ASSERT_TRUE(files);
    ASSERT_EQ(files->size(), 8U);  // *.md under the folder, in name order
    EXPECT_EQ(files->front().filename(), "story-0.md");

    ArticleStore store(*db_);
    Importer importer(store);
    std::vector<ImportOutcome> seen;
    Importer::BatchOptions options;
    options.batch = 3;
    options.outcome = [&](const ImportOutcome& o) { seen.push_back(o); };
    // Stopped after the first batch, as Ctrl-C does: that batch is kept whole.
    int batches = 0;
    options.progress = [&](const ImportSummary&) { ++batches; };
    options.stop = [&] { return batches == 1; };
    auto first = importer.importFiles(*files, options);
    EXPECT_TRUE(first.interrupted);
    EXPECT_EQ(first.done, 3U);
    EXPECT_EQ(store.listed(0, 0, 100)->size(), 3U);

    // The same import again: the first three are unchanged, the rest land, the bad file is
    // reported with its line.
    options.stop = [] { return false; };
    seen.clear();
    auto second = importer.importFiles(*files, options);
    EXPECT_FALSE(second.interrupted);
    EXPECT_EQ(second.unchanged, 3U);
    EXPECT_EQ(second.saved, 4U);
    EXPECT_EQ(second.failed, 1U);
    ASSERT_EQ(seen.size(), 8U);
    EXPECT_TRUE(seen[0].unchanged);
    EXPECT_EQ(*seen[0].path, "/national/story-0");
    EXPECT_FALSE(seen[7].path);
    EXPECT_NE(seen[7].path.error().message.find("bad.md:3: the required key"), std::string::npos)
        << seen[7].path.error().message;
    EXPECT_EQ(store.listed(0, 0, 100)->size(), 7U);

    // Once more: nothing changes; a changed file is saved again.
    const auto changes = db::ChangeLog(*db_).latest().value();
    auto third = importer.importFiles(*files, options);
    EXPECT_EQ(third.unchanged, 7U);
    EXPECT_EQ(third.saved, 0U);
    EXPECT_EQ(db::ChangeLog(*db_).latest().value(), changes);  // nothing written
    write("2026/story-2.md", "Story 2, corrected", "slug: story-2\n");
    auto fourth = importer.importFiles(*files, options);
    EXPECT_EQ(fourth.saved, 1U);
    EXPECT_EQ(store.articleBySlug("story-2")->headline, "Story 2, corrected");
}

TEST_P(ArticleStoreTest, ImporterNamesAMissingFile) {
    ArticleStore store(*db_);
    Importer importer(store);
    const auto outcome = importer.importFile(dir_ / "missing.md");
    ASSERT_FALSE(outcome.path);
    EXPECT_NE(outcome.path.error().message.find("missing.md: cannot read"), std::string::npos);
}

MASTHEAD_STORE_TEST_SUITE(ArticleStoreTest);

}  // namespace
}  // namespace masthead::content
