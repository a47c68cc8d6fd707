#include "web/visitor.h"

namespace masthead::web {

std::string CookiePolicy::set(std::string_view name, std::string_view value,
                              long long max_age_seconds, std::string_view path,
                              std::string_view same_site) const {
    std::string c = std::string(name) + "=" + std::string(value) + "; Path=" + std::string(path) +
                    "; Max-Age=" + std::to_string(max_age_seconds) +
                    "; HttpOnly; SameSite=" + std::string(same_site);
    if (secure) {
        c += "; Secure";
    }
    return c;
}

std::string CookiePolicy::clear(std::string_view name, std::string_view path) const {
    return set(name, "", 0, path);
}

Result<Visitor> visitorOf(identity::Sessions& sessions, const http::Request& request) {
    Visitor v;
    v.cookie = std::string(request.cookie(kSessionCookie));
    if (v.cookie.empty()) {
        return v;
    }
    auto found = sessions.lookup(v.cookie);
    if (!found) {
        return fail(found.error());
    }
    v.signed_in = std::move(*found);
    return v;
}

bool fromOurSite(const http::Request& request, std::string_view base_url) {
    const std::string_view fetch_site = request.header("sec-fetch-site");
    if (!fetch_site.empty() && fetch_site != "same-origin" && fetch_site != "none") {
        return false;
    }
    const std::string_view origin = request.header("origin");
    if (origin.empty() || origin == "null") {
        return origin.empty();
    }
    // The Origin must be the public address, or the Host the request was sent to (a site
    // reached by another name than its configured address, as in tests and development).
    if (origin == base_url) {
        return true;
    }
    const std::string_view host = request.header("host");
    return !host.empty() &&
           (origin == "http://" + std::string(host) || origin == "https://" + std::string(host));
}

std::string safeReturnPath(std::string_view path) {
    if (path.empty() || path.front() != '/' || path.starts_with("//") || path.size() > 512) {
        return "/";
    }
    for (char c : path) {
        if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            return "/";
        }
    }
    return std::string(path);
}

bool wantsJson(const http::Request& request) {
    return request.header("accept").find("application/json") != std::string_view::npos;
}

}  // namespace masthead::web
