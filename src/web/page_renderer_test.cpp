#include "web/page_renderer.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "content/markdown.h"
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
const EmbeddedFile kAssets[] = {{"masthead.css", "body{}"},
                                {"favicon.svg", "<svg/>"},
                                {"print.js", "print()"},
                                {"popularity.js", "count()"},
                                {"dictionary.js", "lookup()"}};

SysTime at(const char* rfc3339) { return *parseRfc3339(rfc3339); }

/// A fixed little newspaper: Opinion > Editorials with two articles, National with one.
std::shared_ptr<const content::CatalogSnapshot> fixedCatalog(content::Catalog& catalog) {
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
    catalog.publish(sections, {editorial, older, news});
    return catalog.snapshot();
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
          snapshot_(fixedCatalog(catalog_)) {}

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

    const content::Article& article(const char* path) { return *snapshot_->articleByPath(path); }

    std::unique_ptr<Templates> templates_;
    StaticAssets assets_;
    SiteInfo site_;
    PageRenderer renderer_;
    content::Catalog catalog_;
    std::shared_ptr<const content::CatalogSnapshot> snapshot_;
};

TEST_F(PageRendererTest, ArticlePageGolden) {
    // With "What's Popular Now", as a reader sees it once articles have been read.
    const PopularItem popular[] = {
        {"/national/subway-line-opens", "Subway line opens in Incheon", "National"},
        {"/opinion/editorials/an-older-editorial", "An older editorial", "Editorials"}};
    expectGolden(
        "article.html",
        renderer_.article(*snapshot_, article("/opinion/editorials/bridges-and-ferries"), popular));
}

TEST_F(PageRendererTest, NoPopularBoxWithoutReads) {
    const std::string html =
        renderer_.article(*snapshot_, article("/opinion/editorials/bridges-and-ferries"));
    EXPECT_EQ(html.find("Popular"), std::string::npos);
    EXPECT_EQ(html.find("class=\"popular"), std::string::npos);
}

TEST_F(PageRendererTest, OffersTheDictionaryOnlyWhenItIsAvailable) {
    const content::Article& a = article("/opinion/editorials/bridges-and-ferries");
    const std::string popularity_js = "<script src=\"" + assets_.url("popularity.js") + "\" defer>";
    const std::string dictionary_js = "<script src=\"" + assets_.url("dictionary.js") + "\" defer>";
    const std::string with = renderer_.article(*snapshot_, a);
    EXPECT_NE(with.find(popularity_js), std::string::npos);
    EXPECT_NE(with.find(dictionary_js), std::string::npos);
    EXPECT_LT(with.find(popularity_js), with.find(dictionary_js));
    EXPECT_NE(renderer_.print(*snapshot_, a).find(dictionary_js), std::string::npos);

    site_.dictionary_available = false;
    const std::string without = renderer_.article(*snapshot_, a);
    EXPECT_NE(without.find(popularity_js), std::string::npos);
    EXPECT_EQ(without.find("dictionary"), std::string::npos);
    EXPECT_EQ(renderer_.print(*snapshot_, a).find("dictionary"), std::string::npos);
    // Other pages load no script.
    EXPECT_EQ(renderer_.home(*snapshot_).find("<script src="), std::string::npos);
}

TEST_F(PageRendererTest, PrintViewGolden) {
    expectGolden("print.html",
                 renderer_.print(*snapshot_, article("/opinion/editorials/bridges-and-ferries")));
}

TEST_F(PageRendererTest, HomeGolden) { expectGolden("home.html", renderer_.home(*snapshot_)); }

TEST_F(PageRendererTest, SectionPageGolden) {
    const auto* opinion = snapshot_->sectionByPath("/opinion");
    EXPECT_EQ(renderer_.sectionPages(*snapshot_, *opinion), 2U);
    expectGolden("section-page-2.html", renderer_.section(*snapshot_, *opinion, 2));
}

TEST_F(PageRendererTest, ErrorPageGolden) {
    expectGolden("error-404.html", renderer_.error(*snapshot_, 404, "No <such> page."));
}

TEST_F(PageRendererTest, EverythingAnAuthorWritesIsEscaped) {
    const std::string html =
        renderer_.article(*snapshot_, article("/opinion/editorials/bridges-and-ferries"));
    EXPECT_EQ(html.find("<islands>"), std::string::npos);
    EXPECT_NE(html.find("Bridges, ferries &amp; the &lt;islands&gt; we forget"), std::string::npos);
    // In JSON-LD, <, > and & are \u escapes, so no text can close the script element.
    EXPECT_NE(
        html.find(R"("headline":"Bridges, ferries \u0026 the \u003cislands\u003e we forget")"),
        std::string::npos);
}

TEST_F(PageRendererTest, HandlersServeCachedPagesAndCheckPageNumbers) {
    PageCache cache;
    ReadingHandlers reading(catalog_, renderer_, cache);
    http::Request request;
    request.path = "/opinion/editorials/bridges-and-ferries";
    const auto first = reading.page(request);
    const auto second = reading.page(request);
    EXPECT_EQ(first.status, 200);
    EXPECT_EQ(first.entity, second.entity);  // the same cached bytes, not a re-render

    request.path = "/opinion";
    request.query = "page=abc";
    EXPECT_EQ(reading.page(request).status, 400);
    request.query = "page=0";
    EXPECT_EQ(reading.page(request).status, 400);
    request.query = "page=3";
    EXPECT_EQ(reading.page(request).status, 404);
    request.query = "page=2&utm_source=x";
    EXPECT_EQ(reading.page(request).status, 200);
    request.path = "/nowhere";
    request.query.clear();
    EXPECT_EQ(reading.page(request).status, 404);

    // New content is a new generation: the cached page is rendered again.
    fixedCatalog(catalog_);
    request.path = "/opinion/editorials/bridges-and-ferries";
    EXPECT_NE(reading.page(request).entity, first.entity);
}

}  // namespace
}  // namespace masthead::web
