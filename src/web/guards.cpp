#include "web/guards.h"

namespace masthead::web {
namespace {

constexpr std::string_view kSessionsUnavailable =
    "Signing in is not possible right now. Please try again in a minute.";

std::string_view sessionCookieOf(const Needs& needs) {
    return needs.caller == Needs::Caller::kStaff ? kStaffCookie : kSessionCookie;
}

/// The token a form or a script sent: the form field "csrf", else the X-CSRF-Token header.
std::string_view sentToken(const http::Request& request,
                           const std::optional<http::FormFields>& form) {
    const std::string_view field = form ? http::field(*form, "csrf") : std::string_view();
    return field.empty() ? request.header("x-csrf-token") : field;
}

}  // namespace

std::variant<Visitor, http::Response> Guards::check(const Needs& needs,
                                                    const http::Request& request) const {
    if (needs.max_body != 0 && request.body.size() > needs.max_body) {
        return errors_.answer(
            request, 413,
            "The request's body is larger than " + std::to_string(needs.max_body) + " bytes.");
    }
    if (needs.same_site && !fromOurSite(request, site_.base_url)) {
        return errors_.answer(request, 403,
                              "This request must come from " + site_.name + "'s own pages.");
    }
    Visitor visitor;
    if (needs.caller != Needs::Caller::kAnyone || needs.csrf == Needs::Csrf::kSession) {
        visitor.cookie = std::string(request.cookie(sessionCookieOf(needs)));
        if (!visitor.cookie.empty()) {
            auto found = sessions_.lookup(visitor.cookie);
            if (!found) {
                return errors_.answer(request, found.error(), kSessionsUnavailable);
            }
            visitor.signed_in = std::move(*found);
        }
    }
    if (needs.caller == Needs::Caller::kReader && visitor.reader() == nullptr) {
        return errors_.answer(request, 403, "Please log in to " + std::string(needs.doing) + ".");
    }
    if (needs.caller == Needs::Caller::kStaff) {
        if (visitor.staff() == nullptr) {
            if (request.method == http::Method::kGet || request.method == http::Method::kHead) {
                return http::Response::of(303, nullptr)
                    .with("Location", "/admin/login")
                    .with("Cache-Control", "no-store");
            }
            return errors_.answer(request, 403, "Your staff session has ended. Log in again.",
                                  {"/admin/login", "Log in"});
        }
        if (!identity::allows(visitor.staff()->role, needs.role)) {
            return errors_.answer(request, 403,
                                  needs.refusal.empty()
                                      ? "This needs the " +
                                            std::string(identity::toString(needs.role)) +
                                            " role or higher."
                                      : std::string(needs.refusal));
        }
    }
    if (needs.csrf != Needs::Csrf::kNone) {
        const auto form = request.form();
        if (!form &&
            (needs.csrf == Needs::Csrf::kPreSession || request.header("x-csrf-token").empty())) {
            return errors_.answer(request, 400,
                                  "This must be sent as a form (application/x-www-form-urlencoded, "
                                  "UTF-8).");
        }
        const bool valid = needs.csrf == Needs::Csrf::kSession
                               ? !visitor.cookie.empty() &&
                                     sessions_.checkCsrf(visitor.cookie, sentToken(request, form))
                               : sessions_.checkPreSession(request.cookie(kPreSessionCookie),
                                                           form ? http::field(*form, "csrf") : "");
        if (!valid) {
            return errors_.answer(
                request, 403,
                needs.csrf == Needs::Csrf::kSession
                    ? "This form has expired or did not come from this site. Reload the page "
                      "and try again."
                    : "This login form has expired or did not come from this site. Open the "
                      "login page again.");
        }
    }
    return visitor;
}

std::vector<http::Route> Guards::guard(std::vector<SiteRoute> routes) const {
    std::vector<http::Route> out;
    out.reserve(routes.size());
    for (SiteRoute& r : routes) {
        out.push_back(
            {r.method, std::move(r.pattern), std::move(r.name),
             [this, needs = r.needs, handler = std::move(r.handler)](const http::Request& request) {
                 auto checked = check(needs, request);
                 if (auto* refused = std::get_if<http::Response>(&checked)) {
                     return std::move(*refused);
                 }
                 return handler(request, std::get<Visitor>(checked));
             },
             r.needs.max_body});
    }
    return out;
}

}  // namespace masthead::web
