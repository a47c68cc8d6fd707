#pragma once

#include <string>
#include <string_view>

#include "content/catalog.h"
#include "http/message.h"
#include "util/error.h"
#include "web/page_cache.h"
#include "web/page_renderer.h"

namespace masthead::web {

/// The HTTP status of each kind of Error: the site's one mapping (docs/architecture.md,
/// "Errors"). kInvalidInput 400, kForbidden 403, kNotFound 404, kConflict 409, kRejected 422,
/// kRateLimited 429, kInternal 500, kUpstream 502, kUnavailable 503.
[[nodiscard]] int statusOf(ErrorCode code);
[[nodiscard]] inline int statusOf(const Error& error) { return statusOf(error.code); }

/// Whether a failed request is answered in JSON: at an API address (/api/…) always, elsewhere
/// when the client asked for JSON (Accept: application/json, as comments.js does).
[[nodiscard]] bool answersInJson(const http::Request& request);
/// The same for a request known only by its path (the server's 404, 405 and 413).
[[nodiscard]] bool isApiPath(std::string_view path);

/// A link on an error page back to where the reader came from.
struct BackLink {
    std::string_view url;  ///< "" for none
    std::string_view label = "Go back";
};

/// Every error answer of the site, in one of two shapes: JSON `{"error": "…"}` (with
/// "retry_after" when there is one), or a page in the site's design with the status, the
/// message and a way back. Never stored by caches (no-store); 429 and 503 say Retry-After.
/// Thread-safe.
class ErrorPages {
  public:
    ErrorPages(const content::Catalog& catalog, const PageRenderer& renderer, PageCache& cache)
        : catalog_(catalog), renderer_(renderer), cache_(cache) {}

    /// `status` and `message` in the request's shape.
    [[nodiscard]] http::Response answer(const http::Request& request, int status,
                                        std::string_view message, BackLink back = {}) const;
    /// An Error in the request's shape, with its status (statusOf). The client is shown the
    /// error's message, except for kUnavailable and kInternal: those are logged with their
    /// detail, and the client is told `unavailable` ("Comments are not available right now.").
    [[nodiscard]] http::Response answer(const http::Request& request, const Error& error,
                                        std::string_view unavailable, BackLink back = {}) const;
    /// A page in the site's design.
    [[nodiscard]] http::Response page(int status, std::string_view message,
                                      BackLink back = {}) const;
    /// The same for a message of a fixed few (the server's own refusals, the reading pages'):
    /// rendered once per site generation and kept in the page cache, so a flood of 404s costs
    /// no rendering. Never for a message made from what the request sent: anyone could then
    /// fill the cache with pages of their own.
    [[nodiscard]] http::Response fixedPage(int status, std::string_view message) const;
    /// `{"error": message}`, and "retry_after" when `retry_after_seconds` is set.
    [[nodiscard]] static http::Response json(int status, std::string_view message,
                                             long long retry_after_seconds = 0);
    /// An Error as JSON whatever the client accepts (the APIs), told as answer() tells it.
    [[nodiscard]] static http::Response json(const http::Request& request, const Error& error,
                                             std::string_view unavailable);

  private:
    /// What the client is told of `error`; a backend failure is logged here.
    [[nodiscard]] static std::string_view shown(const http::Request& request, const Error& error,
                                                std::string_view unavailable);

    const content::Catalog& catalog_;
    const PageRenderer& renderer_;
    PageCache& cache_;
};

}  // namespace masthead::web
