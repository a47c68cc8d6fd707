#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "comments/comment_service.h"
#include "content/catalog.h"
#include "http/message.h"
#include "identity/sessions.h"
#include "util/lru_cache.h"
#include "web/comment_views.h"
#include "web/errors.h"
#include "web/page_cache.h"
#include "web/page_renderer.h"
#include "web/page_versions.h"
#include "web/visitor.h"

namespace masthead::web {

/// The comment section of article pages, posting and deleting comments, the pages and JSON
/// of whole threads, and the Standards Board Policy and "Social comment?" pages.
/// Thread-safe.
class CommentHandlers {
  public:
    struct Pages {
        std::string policy_html;  ///< the Standards Board Policy, rendered Markdown
        std::string help_html;    ///< "Social comment?"
    };

    CommentHandlers(const content::Catalog& catalog, const PageRenderer& renderer,
                    const CommentViews& views, comments::CommentService& service,
                    identity::Sessions& sessions, PageCache& cache, const SiteInfo& site,
                    const ErrorPages& errors, Pages pages)
        : catalog_(catalog),
          renderer_(renderer),
          views_(views),
          service_(service),
          sessions_(sessions),
          cache_(cache),
          site_(site),
          errors_(errors),
          pages_(std::move(pages)),
          cookies_{site.base_url.starts_with("https://")} {}

    /// Changes whenever the article's comment section changes for readers who are not
    /// signed in (article pages are cached until then): its thread's version, and whether it
    /// is closed now (a thread may close some hours after publication).
    [[nodiscard]] std::uint64_t sectionVersion(const content::SectionTree& tree,
                                               const content::Article& article) const {
        const bool closed = service_.modeOf(tree, article).mode == comments::Mode::kClosed;
        return pageGeneration({service_.version(article.id), closed ? 1U : 0U});
    }
    /// Changes whenever any article's comment count changes (fronts show the counts).
    [[nodiscard]] std::uint64_t countsGeneration() const { return service_.countsGeneration(); }
    /// The rendered comment sections kept (for /metrics).
    [[nodiscard]] CacheStats sectionCacheStats() const { return sections_.stats(); }
    /// The comment section as everyone who is not signed in sees it.
    [[nodiscard]] Result<std::string> publicSection(const content::SectionTree& tree,
                                                    const content::Article& article);
    /// The section for the request's signed-in reader (their comment form), or nullopt when
    /// the request has no valid session: then the public page is the answer.
    [[nodiscard]] std::optional<std::string> personalSection(const content::SectionTree& tree,
                                                             const content::Article& article,
                                                             const http::Request& request);

    // The posts are for a signed-in `reader` (their routes' guards check the session, the
    // origin and the CSRF token: web/routes.cpp).
    /// POST /comments (form fields csrf, article, parent?, body, accept_policy?)
    [[nodiscard]] http::Response post(const http::Request& request, const Visitor& reader);
    /// POST /comments/{id}/delete
    [[nodiscard]] http::Response remove(const http::Request& request, const Visitor& reader);
    /// POST /comments/{id}/vote (csrf, value: 1, -1 or 0)
    [[nodiscard]] http::Response vote(const http::Request& request, const Visitor& reader);
    /// POST /comments/{id}/report (csrf, reason: spam, abuse, hate, off-topic, other)
    [[nodiscard]] http::Response report(const http::Request& request, const Visitor& reader);
    /// GET /comments/{id}: one comment with its replies, the reply form, delete for its author
    /// (`visitor`: signed in or not).
    [[nodiscard]] http::Response comment(const http::Request& request, const Visitor& visitor);
    /// GET /{path...}/comments?page=N&order=newest|best: every comment of an article.
    /// Returns nullopt when the path is not an article's.
    [[nodiscard]] std::optional<http::Response> thread(const http::Request& request);
    /// GET /api/comments?article=ID&page=N&order=newest|best
    [[nodiscard]] http::Response api(const http::Request& request);
    /// GET /api/comments/votes?ids=1,2,3: the signed-in reader's own votes on those comments
    /// (the vote buttons show them pressed; comments.js asks).
    [[nodiscard]] http::Response myVotes(const http::Request& request, const Visitor& reader);
    /// GET /standards-board-policy
    [[nodiscard]] http::Response policy(const http::Request& request);
    /// GET /comments/help
    [[nodiscard]] http::Response help(const http::Request& request);

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
    [[nodiscard]] std::string formFor(const Visitor& visitor, const content::SectionTree& tree,
                                      const content::Article& article, std::int64_t parent_id,
                                      std::string_view return_to) const;
    /// The published article's address, or "" when there is none (or it cannot be read).
    [[nodiscard]] std::string articlePath(std::int64_t article_id) const;
    /// Why the article takes no comments now, or "" when it does.
    [[nodiscard]] std::string closedWhy(const content::SectionTree& tree,
                                        const content::Article& article) const;
    /// An error as JSON or as a page in the site's design, with the status of its kind.
    [[nodiscard]] http::Response failure(const http::Request& request, const Error& error,
                                         std::string_view back_url = {}) const;
    [[nodiscard]] http::Response page(int status, std::string body, bool personal) const;

    const content::Catalog& catalog_;
    const PageRenderer& renderer_;
    const CommentViews& views_;
    comments::CommentService& service_;
    identity::Sessions& sessions_;
    PageCache& cache_;
    const SiteInfo& site_;
    const ErrorPages& errors_;
    Pages pages_;
    CookiePolicy cookies_;

    /// Rendered comment sections by article, bounded by bytes.
    LruCache<std::int64_t, std::shared_ptr<const SectionParts>> sections_{kSectionCacheBytes};
    static constexpr std::size_t kSectionCacheBytes = 16U << 20U;
};

}  // namespace masthead::web
