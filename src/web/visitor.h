#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"
#include "identity/sessions.h"

namespace masthead::web {

/// Cookie of a reader's or staff member's session (HttpOnly, SameSite=Lax).
inline constexpr std::string_view kSessionCookie = "mh_session";
/// Cookie of a staff member's session: separate from readers' (a moderator may also be a
/// reader), SameSite=Strict.
inline constexpr std::string_view kStaffCookie = "mh_staff";
/// Random cookie that binds the CSRF token of a form shown before login (login forms).
inline constexpr std::string_view kPreSessionCookie = "mh_pre";

/// How the site's cookies are set: `secure` when the public address is https.
struct CookiePolicy {
    bool secure = false;

    /// "NAME=VALUE; Path=PATH; Max-Age=N; HttpOnly; SameSite=Lax[; Secure]"
    [[nodiscard]] std::string set(std::string_view name, std::string_view value,
                                  long long max_age_seconds, std::string_view path = "/",
                                  std::string_view same_site = "Lax") const;
    /// A Set-Cookie value that removes the cookie.
    [[nodiscard]] std::string clear(std::string_view name, std::string_view path = "/") const;
};

/// Who sent a request: the session behind its cookie, if any (a route's guard looks it up:
/// web/guards.h).
struct Visitor {
    std::string cookie;  ///< the session cookie's value ("" without one)
    std::optional<identity::SignedIn> signed_in;

    [[nodiscard]] const identity::Reader* reader() const {
        return signed_in && signed_in->reader ? &*signed_in->reader : nullptr;
    }
    [[nodiscard]] const identity::StaffMember* staff() const {
        return signed_in && signed_in->staff ? &*signed_in->staff : nullptr;
    }
    /// The session's CSRF token, for the forms of the page ("" without a session).
    [[nodiscard]] std::string_view csrf() const {
        return signed_in ? std::string_view(signed_in->csrf_token) : std::string_view();
    }
};

/// Looks the session cookie up. A database failure is an error; an unknown or expired
/// cookie is simply a visitor who is not signed in.
[[nodiscard]] Result<Visitor> visitorOf(identity::Sessions& sessions, const http::Request& request);

/// False when the browser says the request came from another site (Origin or
/// Sec-Fetch-Site): state-changing requests must come from our own pages.
[[nodiscard]] bool fromOurSite(const http::Request& request, std::string_view base_url);

/// A local path to go back to after login or logout: "/..." but not "//..." or with a
/// backslash or control character; anything else becomes "/".
[[nodiscard]] std::string safeReturnPath(std::string_view path);

/// True when the client asked for JSON (Accept: application/json), false for HTML forms.
[[nodiscard]] bool wantsJson(const http::Request& request);

}  // namespace masthead::web
