#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "http/message.h"

namespace masthead::http {

/// What a response sends, decided from the request and the handler's response: which of the
/// entity's bodies, and whether the client's copy is current (304). Pure functions of their
/// arguments, so the session (server.cpp) only logs and writes what they decide.
struct ResponsePlan {
    int status = 200;  ///< the handler's, or 304 for a matching If-None-Match
    /// The bytes to send after the head: the entity's body, its gzip variant, or the caller's
    /// `compressed`; empty for HEAD, 204 and 304.
    std::string_view body;
    /// Content-Length: the size of the representation chosen, also for HEAD and 204.
    std::size_t content_length = 0;
    bool gzip = false;  ///< the representation chosen is gzip (Content-Encoding, the gzip ETag)
};

/// True when If-None-Match names the entity's ETag or its gzip variant's, or is "*"
/// (weak comparison, RFC 9110 13.1.2). An entity without an ETag never matches.
[[nodiscard]] bool etagMatches(std::string_view if_none_match, const Entity& entity);

/// Plans the response to `request`. When the client accepts gzip: the entity's gzip variant,
/// or, for an entity compressed when sent (Entity::makeOnce), the body compressed at level 1
/// into `compressed` when that is smaller; else the body as it is. A 200 to a GET or HEAD
/// whose If-None-Match matches becomes a 304. `compressed` must outlive the plan's body.
[[nodiscard]] ResponsePlan planResponse(const Request& request, const Response& response,
                                        std::string& compressed);

/// What the head says besides the response itself.
struct HeadContext {
    std::string_view date;        ///< the Date header's value (formatHttpDate)
    std::string_view request_id;  ///< sent back as X-Request-Id
    bool close = false;           ///< the connection closes after this response
    /// 10 for an HTTP/1.0 client: told "Connection: keep-alive" when the connection stays
    /// open, since HTTP/1.0 closes unless told otherwise.
    unsigned http_version = 11;
};

/// Writes the response head into `out` (cleared first, so a session can reuse its capacity):
/// the status line, Date, X-Request-Id, the security headers, the entity's Content-Type,
/// Content-Length, Content-Encoding, ETag, Cache-Control and Vary, the response's extra
/// headers, Connection, and the blank line.
void writeHead(std::string& out, const Response& response, const ResponsePlan& plan,
               const HeadContext& context);

}  // namespace masthead::http
