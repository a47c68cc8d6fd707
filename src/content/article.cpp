#include "content/article.h"

#include <array>

namespace masthead::content {

std::string_view toString(ArticleKind kind) {
    switch (kind) {
        case ArticleKind::kNews:
            return "news";
        case ArticleKind::kEditorial:
            return "editorial";
        case ArticleKind::kColumn:
            return "column";
        case ArticleKind::kFeature:
            return "feature";
    }
    return "news";
}

std::optional<ArticleKind> parseArticleKind(std::string_view s) {
    for (auto kind : {ArticleKind::kNews, ArticleKind::kEditorial, ArticleKind::kColumn,
                      ArticleKind::kFeature}) {
        if (toString(kind) == s) {
            return kind;
        }
    }
    return std::nullopt;
}

bool isReservedTopSlug(std::string_view slug) {
    static constexpr auto kReserved = std::to_array<std::string_view>({"static",
                                                                       "healthz",
                                                                       "metrics",
                                                                       "api",
                                                                       "admin",
                                                                       "auth",
                                                                       "login",
                                                                       "logout",
                                                                       "search",
                                                                       "feed",
                                                                       "feeds",
                                                                       "rss",
                                                                       "sitemap",
                                                                       "tags",
                                                                       "tag",
                                                                       "account",
                                                                       "print",
                                                                       "comments",
                                                                       "dictionary",
                                                                       "popular",
                                                                       "newsroom",
                                                                       "well-known",
                                                                       "standards-board-policy"});
    for (std::string_view r : kReserved) {
        if (r == slug) {
            return true;
        }
    }
    return false;
}

std::string_view toString(ArticleStatus status) {
    return status == ArticleStatus::kDraft ? "draft" : "published";
}

std::optional<ArticleStatus> parseArticleStatus(std::string_view s) {
    if (s == "draft") {
        return ArticleStatus::kDraft;
    }
    if (s == "published") {
        return ArticleStatus::kPublished;
    }
    return std::nullopt;
}

}  // namespace masthead::content
