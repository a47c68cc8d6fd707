#include "http/router.h"

#include <algorithm>

#include "util/check.h"
#include "util/text.h"

namespace masthead::http {
namespace {

bool isParam(std::string_view s) { return s.size() > 2 && s.front() == '{' && s.back() == '}'; }
bool isTail(std::string_view s) { return isParam(s) && s.ends_with("...}"); }
std::string paramName(std::string_view s) {
    s = s.substr(1, s.size() - 2);
    if (s.ends_with("...")) {
        s.remove_suffix(3);
    }
    return std::string(s);
}

std::vector<std::string_view> pathParts(std::string_view path) {
    std::vector<std::string_view> parts;
    if (path.starts_with('/')) {
        path.remove_prefix(1);
    }
    if (path.empty()) {
        return parts;
    }
    return text::split(path, '/');
}

}  // namespace

Router::Router(std::vector<Route> routes) : routes_(std::move(routes)) {
    for (const Route& r : routes_) {
        Compiled c;
        for (std::string_view part : pathParts(r.pattern)) {
            if (isTail(part)) {
                MASTHEAD_CHECK(c.tail == std::string::npos, "one {tail...} per route pattern");
                c.tail = c.segments.size();
            }
            c.segments.emplace_back(part);
        }
        compiled_.push_back(std::move(c));
    }
}

bool Router::matches(const Compiled& c, const std::vector<std::string_view>& parts,
                     std::vector<std::pair<std::string, std::string>>& params) const {
    params.clear();
    const std::size_t n = c.segments.size();
    if (c.tail == std::string::npos) {
        if (parts.size() != n) {
            return false;
        }
    } else if (parts.size() < n) {
        return false;
    }
    const std::size_t tail_len = c.tail == std::string::npos ? 0 : parts.size() - (n - 1);
    std::size_t p = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string& seg = c.segments[i];
        if (i == c.tail) {
            std::string joined;
            for (std::size_t k = 0; k < tail_len; ++k) {
                if (parts[p + k].empty()) {
                    return false;  // "//" never matches a tail
                }
                joined += (k ? "/" : "");
                joined += parts[p + k];
            }
            params.emplace_back(paramName(seg), std::move(joined));
            p += tail_len;
        } else if (isParam(seg)) {
            if (parts[p].empty()) {
                return false;
            }
            params.emplace_back(paramName(seg), std::string(parts[p]));
            ++p;
        } else {
            if (parts[p] != seg) {
                return false;
            }
            ++p;
        }
    }
    return true;
}

RouteMatch Router::match(Method method, std::string_view path) const {
    const Method wanted = method == Method::kHead ? Method::kGet : method;
    const auto parts = pathParts(path);
    RouteMatch result;
    std::vector<std::pair<std::string, std::string>> params;
    bool exact_path_seen = false;  // a route without {tail...} matched the path
    for (std::size_t i = 0; i < routes_.size(); ++i) {
        if (!matches(compiled_[i], parts, params)) {
            continue;
        }
        const bool catch_all = compiled_[i].tail != std::string::npos;
        if (routes_[i].method == wanted && catch_all && exact_path_seen) {
            // "/api/views" is a POST address: a GET there is 405, not the catch-all page.
            return result;
        }
        exact_path_seen = exact_path_seen || !catch_all;
        if (routes_[i].method == wanted) {
            result.route = &routes_[i];
            result.index = i;
            result.params = std::move(params);
            result.allowed.clear();
            return result;
        }
        if (catch_all && exact_path_seen) {
            continue;  // the catch-all's methods are not allowed at an exact address
        }
        if (std::ranges::find(result.allowed, routes_[i].method) == result.allowed.end()) {
            result.allowed.push_back(routes_[i].method);
            if (routes_[i].method == Method::kGet) {
                result.allowed.push_back(Method::kHead);
            }
        }
    }
    return result;
}

}  // namespace masthead::http
