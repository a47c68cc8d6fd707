#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace masthead::http {

using Handler = std::function<Response(const Request&)>;

/// One line of the route table (web/routes.cpp).
/// Pattern segments: a literal ("healthz"), `{name}` (one segment) or `{name...}` (one or
/// more segments; literals after it must match the end of the path).
struct Route {
    Method method;
    std::string pattern;
    std::string name;  ///< label for metrics and the access log: "article"
    Handler handler;
    /// The largest body the route takes; 0: the server's limit (ServerOptions::max_body_bytes).
    /// The server refuses a declared larger body (Content-Length) with 413 before reading it.
    std::size_t max_body = 0;
};

struct RouteMatch {
    const Route* route = nullptr;  ///< null when nothing matched
    std::size_t index = 0;         ///< position in the table (metrics key)
    std::vector<std::pair<std::string, std::string>> params;
    /// When no route matched this method: the methods that would match the path (for 405).
    std::vector<Method> allowed;
};

/// Matches requests against routes in table order: the first match wins. HEAD requests
/// match GET routes. Immutable after construction; thread-safe.
class Router {
  public:
    explicit Router(std::vector<Route> routes);

    [[nodiscard]] RouteMatch match(Method method, std::string_view path) const;
    [[nodiscard]] const std::vector<Route>& routes() const { return routes_; }

  private:
    struct Compiled {
        std::vector<std::string> segments;
        std::size_t tail = std::string::npos;  // index of the {name...} segment
    };
    [[nodiscard]] bool matches(const Compiled& c, const std::vector<std::string_view>& parts,
                               std::vector<std::pair<std::string, std::string>>& params) const;

    std::vector<Route> routes_;
    std::vector<Compiled> compiled_;
};

}  // namespace masthead::http
