#pragma once

#include <vector>

#include "http/metrics.h"
#include "web/admin_handlers.h"
#include "web/cache_metrics.h"
#include "web/comment_handlers.h"
#include "web/dictionary_handlers.h"
#include "web/errors.h"
#include "web/guards.h"
#include "web/login_handlers.h"
#include "web/popularity_handlers.h"
#include "web/reading_handlers.h"
#include "web/site_pages.h"
#include "web/static_assets.h"

namespace masthead::web {

/// Everything a route needs, built and owned by main (src/app/). Every feature is always
/// here; one that is switched off in configuration says so itself (the demo sign-in answers
/// 404 outside demo mode; article pages offer no dictionary when none loaded).
struct RouteDeps {
    ReadingHandlers& reading;
    PopularityHandlers& popularity;
    DictionaryHandlers& dictionary;
    CommentHandlers& comments;
    const SitePages& pages;
    LoginHandlers& login;
    AdminHandlers& admin;
    const StaticAssets& assets;
    const ErrorPages& errors;
    /// The router's counters, for /metrics (the router is made from this table, so they are
    /// set after it).
    const http::Metrics* metrics = nullptr;
    std::vector<NamedCache> caches = {};  ///< the bounded caches, on /metrics too
};

/// The whole URL map of the site, in match order (first match wins), each route with what it
/// needs (Guards enforces it: `Guards::guard(siteRoutes(deps))` is what the router takes).
[[nodiscard]] std::vector<SiteRoute> siteRoutes(RouteDeps& deps);

}  // namespace masthead::web
