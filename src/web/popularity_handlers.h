#pragma once

#include "content/catalog.h"
#include "http/message.h"
#include "popularity/popularity.h"

namespace masthead::web {

/// The popularity endpoints: the read beacon that popularity.js sends and the JSON ranking.
class PopularityHandlers {
  public:
    PopularityHandlers(const content::Catalog& catalog, popularity::Popularity& popularity)
        : catalog_(catalog), popularity_(popularity) {}

    /// POST /api/views with body "article=ID": 204 whether counted, a repeat or filtered out
    /// (X-Masthead-Read says which); 400 for a malformed body; 404 for an unknown article.
    [[nodiscard]] http::Response beacon(const http::Request& request);
    /// GET /api/popular?section=/opinion&window=now|1h|24h|7d&limit=1..20
    [[nodiscard]] http::Response popular(const http::Request& request);

  private:
    const content::Catalog& catalog_;
    popularity::Popularity& popularity_;
};

}  // namespace masthead::web
