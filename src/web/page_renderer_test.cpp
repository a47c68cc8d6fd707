#include "web/page_renderer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "content/markdown.h"
#include "content/test_support.h"
#include "db/change_log.h"
#include "http/compression.h"
#include "util/embedded_files.h"
#include "web/page_cache.h"
#include "web/reading_handlers.h"

namespace masthead::web {
namespace {

using content::Article;
using content::ArticleKind;
using content::Section;

// Stand-ins for the stylesheet and scripts, so that restyling the site does not change every
// golden file: these tests are about the HTML.
const auto kAssets = std::to_array<EmbeddedFile>({{"masthead.css", "body{}"},
                                                  {"favicon.svg", "<svg/>"},
                                                  {"print.js", "print()"},
                                                  {"popularity.js", "count()"},
                                                  {"dictionary.js", "lookup()"}});

SysTime at(const char* rfc3339) { return *parseRfc3339(rfc3339); }

/// A fixed little newspaper: Opinion > Editorials with two articles, National with one.
struct FixedPaper {
    std::shared_ptr<const content::SectionTree> tree;
    std::vector<Article> articles;  ///< newest first
};

FixedPaper fixedPaper() {
    std::vector<Section> sections = {{1, std::nullopt, "opinion", "Opinion", "/opinion"},
                                     {2, 1, "editorials", "Editorials", "/opinion/editorials"},
                                     {3, std::nullopt, "national", "National", "/national"}};
    Article editorial;
    editorial.id = 1;
    editorial.slug = "bridges-and-ferries";
    editorial.section_id = 2;
    editorial.kind = ArticleKind::kEditorial;
    editorial.headline = "Bridges, ferries & the <islands> we forget";
    editorial.summary = "Island towns need \"more than\" a ferry timetable.";
    editorial.body_markdown =
        "The ferry to Ulleung left late again.\n\n> “We wait,” said one fisherman.\n\n"
        "- fares\n- timetables\n";
    editorial.body_html = content::renderMarkdown(editorial.body_markdown);
    editorial.published_at = at("2026-11-20T09:00:00+09:00");
    editorial.updated_at = at("2026-11-21T10:30:00+09:00");
    editorial.tags = {"islands", "transport"};
    Article older = editorial;
    older.id = 2;
    older.slug = "an-older-editorial";
    older.headline = "An older editorial";
    older.updated_at.reset();
    older.published_at = at("2026-11-10T09:00:00+09:00");
    Article news;
    news.id = 3;
    news.slug = "subway-line-opens";
    news.section_id = 3;
    news.headline = "Subway line opens in Incheon";
    news.byline = "Kim Seo-yeon";
    news.summary = "The new line links the airport to the old port.";
    news.body_markdown = "The line opened on Friday.\n";
    news.body_html = content::renderMarkdown(news.body_markdown);
    news.published_at = at("2026-11-22T07:15:00+09:00");
    return {std::make_shared<const content::SectionTree>(std::move(sections), 1),
            {news, editorial, older}};
}

class PageRendererTest : public ::testing::Test {
  protected:
    PageRendererTest()
        : templates_(std::move(*Templates::compile(assets::webTemplates()))),
          assets_(kAssets),
          site_{.name = "The Test Daily",
                .tagline = "A newspaper for tests",
                .description = "Test description.",
                .base_url = "https://news.example",
                .time = *SiteTime::create("Asia/Seoul"),
                .section_page_size = 1,
                .home_stories_per_section = 4,
                .dictionary_available = true},
          renderer_(site_, *templates_, assets_),
          paper_(fixedPaper()),
          tree_(paper_.tree) {}

    /// Compares with tests/golden/NAME; MASTHEAD_UPDATE_GOLDEN=1 rewrites the file instead.
    void expectGolden(const std::string& name, const std::string& actual) {
        const std::string path = std::string(MASTHEAD_SOURCE_DIR) + "/tests/golden/" + name;
        if (std::getenv("MASTHEAD_UPDATE_GOLDEN") != nullptr) {
            std::ofstream(path, std::ios::binary) << actual;
            return;
        }
        std::ifstream in(path, std::ios::binary);
        ASSERT_TRUE(in) << path << " is missing; run with MASTHEAD_UPDATE_GOLDEN=1";
        std::stringstream expected;
        expected << in.rdbuf();
        EXPECT_EQ(actual, expected.str())
            << name << " changed; if that is intended, run with MASTHEAD_UPDATE_GOLDEN=1";
    }

    const content::Article& article(const char* path) {
        for (const Article& a : paper_.articles) {
            if (tree_->pathOf(a) == path) {
                return a;
            }
        }
        throw std::logic_error(std::string("no article at ") + path);
    }
    /// The stories filed under `section` or below, newest first (what the store lists).
    [[nodiscard]] std::vector<content::Teaser> under(const Section& section) const {
        std::vector<content::Teaser> out;
        for (const Article& a : paper_.articles) {
            const auto chain = tree_->chain(a.section_id);
            if (std::ranges::find(chain, section.id) != chain.end()) {
                out.push_back(a);
            }
        }
        return out;
    }
    [[nodiscard]] std::string home() const {
        std::vector<HomeSection> blocks;
        for (const Section* s : tree_->topSections()) {
            blocks.push_back({s, under(*s)});
        }
        return renderer_.home(*tree_, &paper_.articles.front(), blocks);
    }

    std::unique_ptr<Templates> templates_;
    StaticAssets assets_;
    SiteInfo site_;
    PageRenderer renderer_;
    FixedPaper paper_;
    std::shared_ptr<const content::SectionTree> tree_;
};

TEST_F(PageRendererTest, ArticlePageGolden) {
    // With "What's Popular Now", as a reader sees it once articles have been read.
    const auto popular = std::to_array<PopularItem>(
        {{"/national/subway-line-opens", "Subway line opens in Incheon", "National"},
         {"/opinion/editorials/an-older-editorial", "An older editorial", "Editorials"}});
    expectGolden(
        "article.html",
        renderer_.article(*tree_, article("/opinion/editorials/bridges-and-ferries"), popular));
}

TEST_F(PageRendererTest, NoPopularBoxWithoutReads) {
    const std::string html =
        renderer_.article(*tree_, article("/opinion/editorials/bridges-and-ferries"));
    EXPECT_EQ(html.find("Popular"), std::string::npos);
    EXPECT_EQ(html.find("class=\"popular"), std::string::npos);
}

TEST_F(PageRendererTest, OffersTheDictionaryOnlyWhenItIsAvailable) {
    const content::Article& a = article("/opinion/editorials/bridges-and-ferries");
    const std::string popularity_js = "<script src=\"" + assets_.url("popularity.js") + "\" defer>";
    const std::string dictionary_js = "<script src=\"" + assets_.url("dictionary.js") + "\" defer>";
    const std::string with = renderer_.article(*tree_, a);
    EXPECT_NE(with.find(popularity_js), std::string::npos);
    EXPECT_NE(with.find(dictionary_js), std::string::npos);
    EXPECT_LT(with.find(popularity_js), with.find(dictionary_js));
    EXPECT_NE(renderer_.print(*tree_, a).find(dictionary_js), std::string::npos);

    site_.dictionary_available = false;
    const std::string without = renderer_.article(*tree_, a);
    EXPECT_NE(without.find(popularity_js), std::string::npos);
    EXPECT_EQ(without.find("dictionary"), std::string::npos);
    EXPECT_EQ(renderer_.print(*tree_, a).find("dictionary"), std::string::npos);
    // Other pages load no script.
    EXPECT_EQ(home().find("<script src="), std::string::npos);
}

TEST_F(PageRendererTest, PrintViewGolden) {
    expectGolden("print.html",
                 renderer_.print(*tree_, article("/opinion/editorials/bridges-and-ferries")));
}

TEST_F(PageRendererTest, HomeGolden) { expectGolden("home.html", home()); }

TEST_F(PageRendererTest, SectionPageGolden) {
    const auto* opinion = tree_->sectionByPath("/opinion");
    EXPECT_EQ(renderer_.pagesOf(under(*opinion).size()), 2U);
    FrontPage front;
    front.stories = {under(*opinion)[1]};
    front.page = 2;
    front.pages = 2;
    front.prev_url = "/opinion?newer_than=1763596800.2";
    expectGolden("section-page-2.html", renderer_.section(*tree_, *opinion, front));
}

TEST_F(PageRendererTest, ErrorPageGolden) {
    expectGolden("error-404.html", renderer_.error(*tree_, 404, "No <such> page."));
}

TEST_F(PageRendererTest, EverythingAnAuthorWritesIsEscaped) {
    const std::string html =
        renderer_.article(*tree_, article("/opinion/editorials/bridges-and-ferries"));
    EXPECT_EQ(html.find("<islands>"), std::string::npos);
    EXPECT_NE(html.find("Bridges, ferries &amp; the &lt;islands&gt; we forget"), std::string::npos);
    // In JSON-LD, <, > and & are \u escapes, so no text can close the script element.
    EXPECT_NE(
        html.find(R"("headline":"Bridges, ferries \u0026 the \u003cislands\u003e we forget")"),
        std::string::npos);
}

/// The reading handlers over a real database: Opinion > Editorials with 45 stories a page
/// of 20, National with one.
class ReadingHandlersTest : public content::DatabaseTest {
  protected:
    void SetUp() override {
        DatabaseTest::SetUp();
        content::ArticleStore store(*db_);
        for (int i = 0; i < 45; ++i) {
            ASSERT_TRUE(
                store.save(story("editorial-" + std::to_string(i), {"Opinion", "Editorials"}, i)));
        }
        ASSERT_TRUE(store.save(story("subway-line-opens", {"National"}, 50)));
        catalog();
        follower_ = std::make_unique<db::ChangeLog>(*db_);
        seen_ = follower_->latest().value();
    }
    static content::ArticleInput story(std::string slug, std::vector<std::string> sections,
                                       int hour) {
        content::ArticleInput in;
        in.slug = std::move(slug);
        in.section_names = std::move(sections);
        in.headline = "Headline of " + in.slug;
        in.body_markdown = "Text of " + in.slug + ".\n";
        in.published_at = *parseRfc3339("2026-11-01T00:00:00+09:00") + std::chrono::hours(hour);
        return in;
    }
    /// What a server's ChangeFollower does: applies the change log to the catalog.
    void follow() {
        auto since = follower_->since(seen_, 1000);
        ASSERT_TRUE(since && since->complete);
        for (const db::Change& c : since->changes) {
            if (c.topic == "article") {
                const auto comma = c.detail.find(',');
                catalog().articleChanged(c.subject, std::stoll(c.detail.substr(0, comma)),
                                         std::stoll(c.detail.substr(comma + 1)));
            } else if (c.topic == "sections") {
                ASSERT_TRUE(catalog().loadSections());
            }
        }
        seen_ = since->latest;
    }
    http::Response get(ReadingHandlers& reading, std::string path, std::string query = {}) {
        http::Request request;
        request.path = std::move(path);
        request.query = std::move(query);
        return reading.page(request);
    }
    static std::string body(const http::Response& r) { return r.entity ? r.entity->body : ""; }

    std::unique_ptr<Templates> templates_{std::move(*Templates::compile(assets::webTemplates()))};
    StaticAssets assets_{kAssets};
    SiteInfo site_{.name = "The Test Daily",
                   .base_url = "https://news.example",
                   .time = *SiteTime::create("Asia/Seoul"),
                   .section_page_size = 20,
                   .home_stories_per_section = 4};
    PageRenderer renderer_{site_, *templates_, assets_};
    PageCache cache_{8U << 20U};
    std::unique_ptr<db::ChangeLog> follower_;
    std::int64_t seen_ = 0;
};

TEST_P(ReadingHandlersTest, ServesCachedPagesAndChecksPageNumbers) {
    const ErrorPages errors(catalog(), renderer_, cache_);
    ReadingHandlers reading(catalog(), renderer_, cache_, errors);
    const auto first = get(reading, "/opinion/editorials/editorial-3");
    const auto second = get(reading, "/opinion/editorials/editorial-3");
    EXPECT_EQ(first.status, 200);
    EXPECT_EQ(first.entity, second.entity);  // the same cached bytes, not a re-render

    EXPECT_EQ(get(reading, "/opinion", "page=abc").status, 400);
    EXPECT_EQ(get(reading, "/opinion", "page=0").status, 400);
    EXPECT_EQ(get(reading, "/opinion", "page=4").status, 404);
    EXPECT_EQ(get(reading, "/opinion", "page=3&utm_source=x").status, 200);
    EXPECT_EQ(get(reading, "/opinion", "older_than=yesterday").status, 400);
    EXPECT_EQ(get(reading, "/opinion", "older_than=1.2&newer_than=3.4").status, 400);
    EXPECT_EQ(get(reading, "/nowhere").status, 404);
    EXPECT_EQ(get(reading, "/opinion/editorial-3").status, 404);  // not its section

    // A new revision of the article is a new page; the other articles' pages stay cached.
    const auto other = get(reading, "/opinion/editorials/editorial-4");
    content::ArticleInput edited = story("editorial-3", {"Opinion", "Editorials"}, 3);
    edited.headline = "A corrected headline";
    ASSERT_TRUE(content::ArticleStore(*db_).save(edited));
    follow();
    const auto after = get(reading, "/opinion/editorials/editorial-3");
    EXPECT_NE(after.entity, first.entity);
    EXPECT_NE(body(after).find("A corrected headline"), std::string::npos);
    EXPECT_EQ(get(reading, "/opinion/editorials/editorial-4").entity, other.entity);
}

TEST_P(ReadingHandlersTest, APageReadOftenIsCompressedAgainAtTheBestLevel) {
    const ErrorPages errors(catalog(), renderer_, cache_);
    ReadingHandlers reading(catalog(), renderer_, cache_, errors);
    const auto first = get(reading, "/opinion/editorials/editorial-3").entity;
    ASSERT_TRUE(first->gzip_quick);  // made on a miss: the fastest level
    EXPECT_EQ(first->gzip_etag, first->etag.substr(0, first->etag.size() - 1) + "-gz1\"");
    // The first read made it; the kImproveAfter-th read after it makes it again.
    for (std::uint32_t read = 1; read < PageCache::kImproveAfter; ++read) {
        EXPECT_EQ(get(reading, "/opinion/editorials/editorial-3").entity, first) << read;
    }
    const auto best = get(reading, "/opinion/editorials/editorial-3").entity;
    ASSERT_NE(best, first);
    EXPECT_FALSE(best->gzip_quick);
    EXPECT_EQ(best->body, first->body);
    EXPECT_EQ(best->etag, first->etag);
    EXPECT_EQ(best->gzip_etag, first->etag.substr(0, first->etag.size() - 1) + "-gz\"");
    EXPECT_EQ(http::gunzip(best->gzip_body), first->body);
    EXPECT_LE(best->gzip_body.size(), first->gzip_body.size());
    EXPECT_EQ(get(reading, "/opinion/editorials/editorial-3").entity, best);  // kept
}

TEST_P(ReadingHandlersTest, AChangeReadsThatArticleAndItsListsOnly) {
    const ErrorPages errors(catalog(), renderer_, cache_);
    ReadingHandlers reading(catalog(), renderer_, cache_, errors);
    for (int i = 0; i < 45; ++i) {
        ASSERT_EQ(get(reading, "/opinion/editorials/editorial-" + std::to_string(i)).status, 200);
    }
    const auto national = get(reading, "/national");
    const auto opinion = get(reading, "/opinion");
    EXPECT_EQ(catalog().articlesRead(), 45U);  // each article read from the database once
    for (int i = 0; i < 45; ++i) {
        (void)get(reading, "/opinion/editorials/editorial-" + std::to_string(i));
    }
    EXPECT_EQ(catalog().articlesRead(), 45U);

    ASSERT_TRUE(
        content::ArticleStore(*db_).save(story("editorial-7", {"Opinion", "Editorials"}, 7)));
    follow();
    for (int i = 0; i < 45; ++i) {
        (void)get(reading, "/opinion/editorials/editorial-" + std::to_string(i));
    }
    EXPECT_EQ(catalog().articlesRead(), 46U);  // the changed one, read again
    // The fronts that list it are made again; National's is not.
    EXPECT_NE(get(reading, "/opinion").entity, opinion.entity);
    EXPECT_EQ(get(reading, "/national").entity, national.entity);
}

TEST_P(ReadingHandlersTest, UnpublishingTakesAnArticleOffItsPagesAndFronts) {
    const ErrorPages errors(catalog(), renderer_, cache_);
    ReadingHandlers reading(catalog(), renderer_, cache_, errors);
    http::Request home;
    ASSERT_NE(body(reading.home(home)).find("Headline of subway-line-opens"), std::string::npos);
    ASSERT_EQ(get(reading, "/national/subway-line-opens").status, 200);
    content::ArticleInput draft = story("subway-line-opens", {"National"}, 50);
    draft.status = content::ArticleStatus::kDraft;
    ASSERT_TRUE(content::ArticleStore(*db_).save(draft));
    follow();
    EXPECT_EQ(get(reading, "/national/subway-line-opens").status, 404);
    EXPECT_EQ(body(reading.home(home)).find("Headline of subway-line-opens"), std::string::npos);
    EXPECT_EQ(body(get(reading, "/national")).find("subway-line-opens"), std::string::npos);
}

TEST_P(ReadingHandlersTest, FrontPagesLinkByKeySoLandingStoriesShowOnce) {
    const ErrorPages errors(catalog(), renderer_, cache_);
    ReadingHandlers reading(catalog(), renderer_, cache_, errors);
    const std::string page1 = body(get(reading, "/opinion/editorials"));
    // Page 1 lists editorial-44 .. editorial-25; its "older" link starts after editorial-25.
    const auto next = page1.find(R"(rel="next" href=")");
    ASSERT_NE(next, std::string::npos);
    const auto start = next + std::string(R"(rel="next" href=")").size();
    std::string href = page1.substr(start, page1.find('"', start) - start);
    const auto amp = href.find("&amp;");
    ASSERT_NE(amp, std::string::npos) << href;
    href.replace(amp, 5, "&");
    EXPECT_EQ(href.substr(0, href.find('?')), "/opinion/editorials");
    // Two stories land before the reader follows it.
    ASSERT_TRUE(content::ArticleStore(*db_).save(story("landed-1", {"Opinion", "Editorials"}, 60)));
    ASSERT_TRUE(content::ArticleStore(*db_).save(story("landed-2", {"Opinion", "Editorials"}, 61)));
    follow();
    const std::string page2 =
        body(get(reading, "/opinion/editorials", href.substr(href.find('?') + 1)));
    EXPECT_EQ(page2.find("editorial-25\""), std::string::npos);  // not shown twice
    EXPECT_NE(page2.find("editorial-24\""), std::string::npos);  // nothing skipped
    EXPECT_NE(page2.find("editorial-5\""), std::string::npos);
    EXPECT_EQ(page2.find("editorial-4\""), std::string::npos);
    EXPECT_NE(page2.find("Page 2 of 3"), std::string::npos);
}

TEST_P(ReadingHandlersTest, GoingBackPastStoriesThatLandedStillOffersTheNewerOnes) {
    const ErrorPages errors(catalog(), renderer_, cache_);
    ReadingHandlers reading(catalog(), renderer_, cache_, errors);
    // Page 2 by number, then more than a page of stories lands.
    const std::string page2 = body(get(reading, "/opinion/editorials", "page=2"));
    const auto prev = page2.find(R"(rel="prev" href=")");
    ASSERT_NE(prev, std::string::npos);
    const auto start = prev + std::string(R"(rel="prev" href=")").size();
    std::string href = page2.substr(start, page2.find('"', start) - start);
    EXPECT_NE(href.find("newer_than="), std::string::npos) << href;
    for (int i = 0; i < 25; ++i) {
        ASSERT_TRUE(content::ArticleStore(*db_).save(
            story("landed-" + std::to_string(i), {"Opinion", "Editorials"}, 100 + i)));
    }
    follow();
    const std::string back =
        body(get(reading, "/opinion/editorials", href.substr(href.find('?') + 1)));
    // The 20 stories just newer than page 2 (page 1 as the reader saw it)...
    EXPECT_NE(back.find("editorial-44\""), std::string::npos);
    EXPECT_NE(back.find("editorial-25\""), std::string::npos);
    EXPECT_EQ(back.find("landed-0\""), std::string::npos);
    // ...and a way on to the ones that landed since.
    EXPECT_NE(back.find("rel=\"prev\""), std::string::npos);
    EXPECT_NE(back.find("rel=\"next\""), std::string::npos);
}

MASTHEAD_STORE_TEST_SUITE(ReadingHandlersTest);

}  // namespace
}  // namespace masthead::web
