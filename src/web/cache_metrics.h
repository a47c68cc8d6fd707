#pragma once

#include <functional>
#include <span>
#include <string>

#include "util/lru_cache.h"

namespace masthead::web {

/// A byte-bounded cache shown on /metrics: its name ("pages", "articles", ...) and how to
/// read its figures.
struct NamedCache {
    std::string name;
    std::function<CacheStats()> stats;
};

/// The caches' entries, bytes, capacity, hits, misses and evictions in the Prometheus text
/// format (masthead_cache_*{cache="NAME"}), so an operator sees whether cache.pages_mb and
/// cache.articles_mb are large enough.
[[nodiscard]] std::string renderCacheMetrics(std::span<const NamedCache> caches);

}  // namespace masthead::web
