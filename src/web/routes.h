#pragma once

#include <vector>

#include "http/metrics.h"
#include "http/router.h"
#include "web/admin_handlers.h"
#include "web/cache_metrics.h"
#include "web/comment_handlers.h"
#include "web/dictionary_handlers.h"
#include "web/login_handlers.h"
#include "web/popularity_handlers.h"
#include "web/reading_handlers.h"
#include "web/static_assets.h"

namespace masthead::web {

/// Everything a route needs, built and owned by main (src/app/).
struct RouteDeps {
    ReadingHandlers& reading;
    PopularityHandlers* popularity = nullptr;  ///< null: no popularity endpoints
    DictionaryHandlers* dictionary = nullptr;  ///< null: no dictionary endpoint
    CommentHandlers* comments = nullptr;       ///< null: no comments, no login
    LoginHandlers* login = nullptr;
    AdminHandlers* admin = nullptr;  ///< null: no moderation pages
    const StaticAssets& assets;
    const http::Metrics* metrics = nullptr;  ///< set once the router exists (metrics names routes)
    std::vector<NamedCache> caches = {};     ///< the bounded caches, on /metrics too
};

/// The whole URL map of the site, in match order (first match wins).
[[nodiscard]] std::vector<http::Route> siteRoutes(RouteDeps& deps);

}  // namespace masthead::web
