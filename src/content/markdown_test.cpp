#include "content/markdown.h"

#include <gtest/gtest.h>

namespace masthead::content {
namespace {

TEST(Markdown, RendersParagraphsListsQuotesAndTables) {
    const std::string html = renderMarkdown(
        "First *para*.\n\n- one\n- two\n\n> A quote\n\n| Year | Won |\n|---|---:|\n| 2025 | 10 "
        "|\n");
    EXPECT_NE(html.find("<p>First <em>para</em>.</p>"), std::string::npos);
    EXPECT_NE(html.find("<li>one</li>"), std::string::npos);
    EXPECT_NE(html.find("<blockquote>"), std::string::npos);
    EXPECT_NE(html.find("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" "
                        "aria-label=\"Table\"><table>"),
              std::string::npos);
    EXPECT_NE(html.find("</table></div>"), std::string::npos);
    EXPECT_NE(html.find("<td align=\"right\">10</td>"), std::string::npos);
}

TEST(Markdown, MakesTypographicQuotes) {
    EXPECT_EQ(renderMarkdown("\"quiet diplomacy\" isn't new\n"),
              "<p>“quiet diplomacy” isn’t new</p>\n");
}

TEST(Markdown, NeverPassesRawHtmlOrScriptLinks) {
    const std::string html = renderMarkdown(
        "<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> and "
        "[click](javascript:alert(1)) and [data](data:text/html,hi).\n");
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_EQ(html.find("javascript:"), std::string::npos);
    EXPECT_EQ(html.find("data:text/html"), std::string::npos);
}

TEST(Markdown, FirstParagraphTextIsPlainAndCutAtAWord) {
    EXPECT_EQ(firstParagraphText("## Sub\n\nThe *first* paragraph\ncontinues.\n\nSecond.\n", 100),
              "The first paragraph continues.");
    EXPECT_EQ(firstParagraphText("Alpha beta gamma delta.\n", 12), "Alpha beta…");
    EXPECT_EQ(firstParagraphText("한국어한국어한국어\n", 7), "한국…");
    EXPECT_EQ(firstParagraphText("- only a list\n", 50), "");
}

}  // namespace
}  // namespace masthead::content
