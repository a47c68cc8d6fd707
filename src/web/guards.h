#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "http/message.h"
#include "http/router.h"
#include "identity/sessions.h"
#include "identity/staff_store.h"
#include "web/errors.h"
#include "web/site_info.h"
#include "web/visitor.h"

namespace masthead::web {

/// What a route needs before its handler runs, declared beside it in the route table
/// (web/routes.cpp) and checked by Guards, in this order: the body's size, the request's
/// origin, the caller's session and role, the form's CSRF token.
struct Needs {
    enum class Caller {
        kAnyone,      ///< nothing is looked up; the handler gets an empty Visitor
        kAnyVisitor,  ///< the reader's session is looked up if there is one (pages that show
                      ///< a signed-in reader their own things)
        kReader,      ///< a signed-in reader (cookie mh_session)
        kStaff,       ///< a staff member of at least `role` (cookie mh_staff)
    };
    enum class Csrf {
        kNone,
        kSession,     ///< the caller's session token: form field "csrf" or X-CSRF-Token
        kPreSession,  ///< a login form's token, bound to the mh_pre cookie (field "csrf")
    };
    Caller caller = Caller::kAnyone;
    identity::Role role = identity::Role::kModerator;  ///< kStaff: the least role
    /// kReader: what the reader must log in to do ("vote": "Please log in to vote.").
    std::string_view doing = "do this";
    /// kStaff below `role`: why not; "" says "This needs the editor role or higher."
    std::string_view refusal;
    bool same_site = false;  ///< the browser must say it sent the request from our pages
    Csrf csrf = Csrf::kNone;
    /// The largest body accepted (413 above it); 0: the server's limit (server.max_body_bytes),
    /// which applies first in any case.
    std::size_t max_body = 0;
};

/// A handler behind a guard: it gets the caller the guard established (for kReader a signed-in
/// reader, for kStaff a staff member; empty for kAnyone).
using GuardedHandler = std::function<http::Response(const http::Request&, const Visitor&)>;

/// One line of the site's route table: the http::Route plus what it needs.
struct SiteRoute {
    http::Method method;
    std::string pattern;
    std::string name;  ///< label for metrics and the access log
    Needs needs;
    GuardedHandler handler;
};

/// Enforces the Needs of every route, in one place, before its handler runs. Thread-safe.
class Guards {
  public:
    Guards(identity::Sessions& sessions, const SiteInfo& site, const ErrorPages& errors)
        : sessions_(sessions), site_(site), errors_(errors) {}

    /// The caller, or the answer that refuses the request: 413 (body too large), 403 (from
    /// another site, not signed in, a role too low, a missing or wrong CSRF token), 303 to the
    /// staff login (a staff page opened without a staff session), 503 (sessions unreadable).
    [[nodiscard]] std::variant<Visitor, http::Response> check(const Needs& needs,
                                                              const http::Request& request) const;

    /// The route table as the router takes it: each handler behind its guard.
    [[nodiscard]] std::vector<http::Route> guard(std::vector<SiteRoute> routes) const;

  private:
    identity::Sessions& sessions_;
    const SiteInfo& site_;
    const ErrorPages& errors_;
};

}  // namespace masthead::web
