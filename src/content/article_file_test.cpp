#include "content/article_file.h"

#include <gtest/gtest.h>

#include "util/time_format.h"

namespace masthead::content {
namespace {

constexpr std::string_view kGood =
    "---\n"
    "headline: China and defectors\n"
    "section: Opinion/Editorials\n"
    "published: 2026-11-20T09:00:00+09:00\n"
    "kind: editorial\n"
    "tags: [North Korea, refugees, North Korea]\n"
    "---\n"
    "We welcome the decision.\n";

TEST(ArticleFile, ParsesAGoodFile) {
    auto file = parseArticleFile("good.md", kGood);
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(file->slug_line, 2);  // derived from the headline
    const ArticleInput* a = &file->article;
    EXPECT_EQ(a->headline, "China and defectors");
    EXPECT_EQ(a->section_names, (std::vector<std::string>{"Opinion", "Editorials"}));
    EXPECT_EQ(formatUtc(a->published_at), "2026-11-20T00:00:00Z");
    EXPECT_EQ(a->kind, ArticleKind::kEditorial);
    EXPECT_EQ(a->status, ArticleStatus::kPublished);
    EXPECT_EQ(a->slug, "china-and-defectors");  // derived from the headline
    EXPECT_EQ(a->tags, (std::vector<std::string>{"North Korea", "refugees"}));
    EXPECT_EQ(a->body_markdown, "We welcome the decision.\n");
    EXPECT_FALSE(a->updated_at);
}

TEST(ArticleFile, AcceptsCrlfBomAndAllOptionalKeys) {
    const std::string file =
        "\xEF\xBB\xBF---\r\n"
        "headline: \"Seoul’s ‘quiet diplomacy’: a \\\"test\\\"\"\r\n"
        "section: National\r\n"
        "published: 2026-11-20T00:00:00Z\r\n"
        "updated: 2026-11-21T08:00:00+09:00\r\n"
        "kind: column\r\n"
        "byline: Kim Seo-yeon\r\n"
        "source: Masthead wire\r\n"
        "summary: A short summary.\r\n"
        "slug: quiet-diplomacy\r\n"
        "status: draft\r\n"
        "---\r\n"
        "Body.\r\n";
    auto parsed = parseArticleFile("crlf.md", file);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->slug_line, 10);
    const ArticleInput* a = &parsed->article;
    EXPECT_EQ(a->headline, "Seoul’s ‘quiet diplomacy’: a \"test\"");
    EXPECT_EQ(a->slug, "quiet-diplomacy");
    EXPECT_EQ(a->byline, "Kim Seo-yeon");
    EXPECT_EQ(a->source, "Masthead wire");
    EXPECT_EQ(a->status, ArticleStatus::kDraft);
    ASSERT_TRUE(a->updated_at);
    EXPECT_EQ(formatUtc(*a->updated_at), "2026-11-20T23:00:00Z");
}

struct BadFile {
    const char* name;
    std::string bytes;
    std::string expected;  // the whole error message
};

void PrintTo(const BadFile& bad, std::ostream* os) { *os << bad.name; }

class ArticleFileErrors : public ::testing::TestWithParam<BadFile> {};

TEST_P(ArticleFileErrors, NamesFileLineAndProblem) {
    const BadFile& bad = GetParam();
    auto a = parseArticleFile("x.md", bad.bytes);
    ASSERT_FALSE(a) << bad.name;
    EXPECT_EQ(a.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(a.error().message, bad.expected) << bad.name;
}

const std::string kHead = "---\nheadline: H\nsection: News\npublished: 2026-11-20T09:00:00+09:00\n";

INSTANTIATE_TEST_SUITE_P(
    EveryKindOfBadFile, ArticleFileErrors,
    ::testing::Values(
        BadFile{"no front matter", "headline: H\n\nBody\n",
                "x.md:1: no front matter: the file must begin with a line \"---\""},
        BadFile{"empty file", "",
                "x.md:1: no front matter: the file must begin with a line \"---\""},
        BadFile{"unclosed", "---\nheadline: H\nsection: News\n",
                "x.md:3: the front matter is not closed by a line \"---\""},
        BadFile{"unclosed quote",
                "---\nheadline: \"Unclosed\nsection: News\npublished: x\n---\nB\n",
                "x.md:2: front matter is not valid YAML: found unexpected end of stream while "
                "scanning a quoted scalar"},
        BadFile{"reserved section",
                "---\nheadline: H\nsection: Static/Files\npublished: "
                "2026-11-20T09:00:00+09:00\n---\nB\n",
                "x.md:3: \"section\" cannot be \"Static\": the address /static belongs to the site "
                "itself"},
        BadFile{"print slug", kHead + "slug: print\n---\nB\n",
                "x.md:5: \"slug\" cannot be \"print\": ARTICLE/print is each article's print view"},
        BadFile{"missing headline",
                "---\nsection: News\npublished: 2026-11-20T09:00:00+09:00\n---\nB\n",
                "x.md:4: the required key \"headline\" is missing"},
        BadFile{"missing section",
                "---\nheadline: H\npublished: 2026-11-20T09:00:00+09:00\n---\nB\n",
                "x.md:4: the required key \"section\" is missing"},
        BadFile{"missing published", "---\nheadline: H\nsection: News\n---\nB\n",
                "x.md:4: the required key \"published\" is missing"},
        BadFile{"bad date",
                "---\nheadline: H\nsection: News\npublished: 2026-11-31T09:00:00+09:00\n---\nB\n",
                "x.md:4: \"published\" is not an RFC 3339 time with a UTC offset, such as "
                "2026-11-20T09:00:00+09:00: \"2026-11-31T09:00:00+09:00\""},
        BadFile{"date without offset",
                "---\nheadline: H\nsection: News\npublished: 2026-11-20 09:00\n---\nB\n",
                "x.md:4: \"published\" is not an RFC 3339 time with a UTC offset, such as "
                "2026-11-20T09:00:00+09:00: \"2026-11-20 09:00\""},
        BadFile{"unknown key", kHead + "author: Kim\n---\nB\n",
                "x.md:5: unknown key \"author\" (known keys: headline, section, published, kind, "
                "byline, source, summary, slug, tags, updated, status)"},
        BadFile{"duplicate key", kHead + "headline: Again\n---\nB\n",
                "x.md:5: key \"headline\" appears twice"},
        BadFile{"invalid utf-8", kHead + "---\nGood line\nbad \xff byte\n",
                "x.md:7: invalid UTF-8 (byte 85)"},
        BadFile{"bad slug", kHead + "slug: Not A Slug\n---\nB\n",
                "x.md:5: \"slug\" must be lowercase letters, digits and single hyphens (at most "
                "120), such as china-and-defectors"},
        BadFile{"empty body", kHead + "---\n\n  \n",
                "x.md:6: the article has no body after the front matter"},
        BadFile{"invalid yaml", "---\nheadline: [unclosed\nsection: News\n---\nB\n",
                "x.md:2: front matter is not valid YAML: did not find expected ',' or ']' while "
                "parsing a flow sequence"},
        BadFile{"bad kind", kHead + "kind: gossip\n---\nB\n",
                "x.md:5: \"kind\" must be news, editorial, column or feature, not \"gossip\""},
        BadFile{"updated before published", kHead + "updated: 2026-11-19T09:00:00+09:00\n---\nB\n",
                "x.md:5: \"updated\" is earlier than \"published\""},
        BadFile{
            "headline is a list",
            "---\nheadline: [a, b]\nsection: News\npublished: 2026-11-20T09:00:00+09:00\n---\nB\n",
            "x.md:2: \"headline\" must be text"},
        BadFile{
            "korean-only section",
            "---\nheadline: H\nsection: 오피니언\npublished: 2026-11-20T09:00:00+09:00\n---\nB\n",
            "x.md:3: \"section\" must be names separated by \"/\" with Latin letters or digits "
            "in each, such as Opinion/Editorials"},
        BadFile{
            "no slug from headline",
            "---\nheadline: 사설\nsection: News\npublished: 2026-11-20T09:00:00+09:00\n---\nB\n",
            "x.md:2: no slug can be made from the headline; add a \"slug\" key"},
        BadFile{"front matter not a map", "---\n- a\n- b\n---\nB\n",
                "x.md:2: the front matter must be a list of \"key: value\" lines"}),
    [](const ::testing::TestParamInfo<BadFile>& param_info) {
        std::string name = param_info.param.name;
        for (char& c : name) {
            if (!std::isalnum(static_cast<unsigned char>(c))) {
                c = '_';
            }
        }
        return name;
    });

}  // namespace
}  // namespace masthead::content
