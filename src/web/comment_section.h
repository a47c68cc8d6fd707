#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "comments/comment_service.h"
#include "content/article.h"
#include "content/section_tree.h"
#include "http/message.h"
#include "identity/sessions.h"
#include "util/lru_cache.h"
#include "web/comment_views.h"
#include "web/page_cache.h"
#include "web/page_versions.h"
#include "web/site_info.h"
#include "web/visitor.h"

namespace masthead::web {

/// `html` with every kCsrfMarker replaced by the reader's token.
[[nodiscard]] std::string withCsrfToken(std::string_view html, std::string_view token);

/// The comment section of an article page: the first page of its thread and the comment box,
/// as everyone who is not signed in sees it (cached with the page) or with a signed-in
/// reader's own form. Rendered sections are kept by article in an LruCache of 16 MB, each
/// valid for one version of its thread; the article page asks for the section and its
/// version, and page_versions.h decides with it when the cached page is stale. Thread-safe.
class CommentSection {
  public:
    CommentSection(const CommentViews& views, comments::CommentService& service,
                   identity::Sessions& sessions, const SiteInfo& site)
        : views_(views), service_(service), sessions_(sessions), site_(site) {}

    /// Changes whenever the section changes for readers who are not signed in: its thread's
    /// version, and whether it is closed now (a thread may close some hours after
    /// publication).
    [[nodiscard]] std::uint64_t version(const content::SectionTree& tree,
                                        const content::Article& article) const {
        const bool closed = service_.modeOf(tree, article).mode == comments::Mode::kClosed;
        return pageGeneration({service_.version(article.id), closed ? 1U : 0U});
    }
    /// Changes whenever any article's comment count changes (fronts show the counts).
    [[nodiscard]] std::uint64_t countsGeneration() const { return service_.countsGeneration(); }
    /// The rendered sections kept (for /metrics).
    [[nodiscard]] CacheStats cacheStats() const { return sections_.stats(); }
    /// The section as everyone who is not signed in sees it.
    [[nodiscard]] Result<std::string> publicSection(const content::SectionTree& tree,
                                                    const content::Article& article);
    /// The section for the request's signed-in reader (their comment form), or nullopt when
    /// the request has no valid session: then the public page is the answer.
    [[nodiscard]] std::optional<std::string> personalSection(const content::SectionTree& tree,
                                                             const content::Article& article,
                                                             const http::Request& request);
    /// A signed-in reader's comment box (or why they cannot post: a ban, a closed thread).
    [[nodiscard]] std::string formFor(const Visitor& visitor, const content::SectionTree& tree,
                                      const content::Article& article, std::int64_t parent_id,
                                      std::string_view return_to) const;
    /// Why the article takes no comments now, or "" when it does.
    [[nodiscard]] std::string closedWhy(const content::SectionTree& tree,
                                        const content::Article& article) const;

  private:
    struct SectionParts {
        std::uint64_t version = 0;
        std::string article_path;   ///< the address its links use (an article may move)
        std::string before;         ///< the section up to the comment box
        std::string after;          ///< from after the box to the end
        std::string member_before;  ///< the same for signed-in readers (vote buttons with
        std::string member_after;   ///< kCsrfMarker in place of their token)
    };
    [[nodiscard]] Result<std::shared_ptr<const SectionParts>> sectionParts(
        const content::SectionTree& tree, const content::Article& article);

    const CommentViews& views_;
    comments::CommentService& service_;
    identity::Sessions& sessions_;
    const SiteInfo& site_;
    LruCache<std::int64_t, std::shared_ptr<const SectionParts>> sections_{kCacheBytes};
    static constexpr std::size_t kCacheBytes = 16U << 20U;
};

}  // namespace masthead::web
