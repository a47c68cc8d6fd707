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
#include "web/comment_section.h"
#include "web/comment_views.h"
#include "web/errors.h"
#include "web/page_cache.h"
#include "web/page_renderer.h"
#include "web/page_versions.h"
#include "web/visitor.h"

namespace masthead::web {

/// Posting, deleting, voting on and reporting comments, the page of one comment, the pages
/// and JSON of whole threads. (The comment section of article pages is CommentSection's; the
/// Standards Board Policy and "Social comment?" are SitePages.)
/// Thread-safe.
class CommentHandlers {
  public:
    CommentHandlers(const content::Catalog& catalog, const PageRenderer& renderer,
                    const CommentViews& views, CommentSection& section,
                    comments::CommentService& service, identity::Sessions& sessions,
                    PageCache& cache, const SiteInfo& site, const ErrorPages& errors)
        : catalog_(catalog),
          renderer_(renderer),
          views_(views),
          section_(section),
          service_(service),
          sessions_(sessions),
          cache_(cache),
          site_(site),
          errors_(errors),
          cookies_{site.base_url.starts_with("https://")} {}

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

  private:
    /// The published article's address, or "" when there is none (or it cannot be read).
    [[nodiscard]] std::string articlePath(std::int64_t article_id) const;
    /// An error as JSON or as a page in the site's design, with the status of its kind.
    [[nodiscard]] http::Response failure(const http::Request& request, const Error& error,
                                         std::string_view back_url = {}) const;
    [[nodiscard]] http::Response page(int status, std::string body, bool personal) const;

    const content::Catalog& catalog_;
    const PageRenderer& renderer_;
    const CommentViews& views_;
    CommentSection& section_;
    comments::CommentService& service_;
    identity::Sessions& sessions_;
    PageCache& cache_;
    const SiteInfo& site_;
    const ErrorPages& errors_;
    CookiePolicy cookies_;
};

}  // namespace masthead::web
