#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/clock.h"

namespace masthead::content {

enum class ArticleKind { kNews, kEditorial, kColumn, kFeature };
enum class ArticleStatus { kDraft, kPublished };

[[nodiscard]] std::string_view toString(ArticleKind kind);
[[nodiscard]] std::optional<ArticleKind> parseArticleKind(std::string_view s);
[[nodiscard]] std::string_view toString(ArticleStatus status);
[[nodiscard]] std::optional<ArticleStatus> parseArticleStatus(std::string_view s);

/// True for first-level addresses the site itself uses (/static, /healthz, /metrics, ...), or
/// keeps for later features (/api, /admin, /search, ...), which no section may take.
[[nodiscard]] bool isReservedTopSlug(std::string_view slug);

/// A node of the section tree (Opinion > Editorials).
struct Section {
    std::int64_t id = 0;
    std::optional<std::int64_t> parent_id;
    std::string slug;  ///< "editorials"
    std::string name;  ///< "Editorials"
    std::string path;  ///< URL path without trailing slash: "/opinion/editorials"
};

/// What a front, a list or "What's Popular Now" shows of an article: everything but the
/// body and the tags.
struct Teaser {
    std::int64_t id = 0;
    std::string slug;
    std::int64_t section_id = 0;
    ArticleKind kind = ArticleKind::kNews;
    std::string headline;
    std::string summary;
    std::string byline;
    SysTime published_at{};
    std::optional<SysTime> updated_at;
    std::int64_t revision = 1;  ///< moves with every save: what a cached page of it keys on
};

/// A whole article as its page shows it.
struct Article : Teaser {
    ArticleStatus status = ArticleStatus::kPublished;
    std::string source;
    std::string body_markdown;  ///< empty when read for a page (which needs the HTML only)
    std::string body_html;
    std::vector<std::string> tags;
};

/// Where a front's page starts: the stories after (older than) this one, in front order
/// (newest first, ties by id). Keyset pagination: stable while stories land.
struct ListKey {
    SysTime published_at{};
    std::int64_t id = 0;
    friend bool operator==(const ListKey&, const ListKey&) = default;
};

/// An article as an import or an editor supplies it, before it has an id.
struct ArticleInput {
    std::string slug;
    std::vector<std::string> section_names;  ///< {"Opinion", "Editorials"}
    ArticleKind kind = ArticleKind::kNews;
    ArticleStatus status = ArticleStatus::kPublished;
    std::string headline;
    std::string summary;  ///< empty: derived from the body's first paragraph
    std::string byline;
    std::string source;
    std::string body_markdown;
    SysTime published_at{};
    std::optional<SysTime> updated_at;
    std::vector<std::string> tags;
};

}  // namespace masthead::content
