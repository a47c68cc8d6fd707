#include "web/cache_metrics.h"

#include <gtest/gtest.h>

#include <array>

namespace masthead::web {
namespace {

TEST(CacheMetrics, EachCacheIsALabelOfEachFamily) {
    const std::array<NamedCache, 2> caches = {{
        {"pages", [] { return CacheStats{3, 3000, 64 << 20, 10, 4, 1}; }},
        {"articles", [] { return CacheStats{2, 500, 32 << 20, 7, 2, 0}; }},
    }};
    const std::string text = renderCacheMetrics(caches);
    EXPECT_NE(text.find("# TYPE masthead_cache_bytes gauge\n"), std::string::npos);
    EXPECT_NE(text.find("masthead_cache_bytes{cache=\"pages\"} 3000\n"), std::string::npos);
    EXPECT_NE(text.find("masthead_cache_capacity_bytes{cache=\"articles\"} 33554432\n"),
              std::string::npos);
    EXPECT_NE(text.find("# TYPE masthead_cache_hits_total counter\n"), std::string::npos);
    EXPECT_NE(text.find("masthead_cache_hits_total{cache=\"articles\"} 7\n"), std::string::npos);
    EXPECT_NE(text.find("masthead_cache_misses_total{cache=\"pages\"} 4\n"), std::string::npos);
    EXPECT_NE(text.find("masthead_cache_evictions_total{cache=\"pages\"} 1\n"), std::string::npos);
    EXPECT_NE(text.find("masthead_cache_entries{cache=\"pages\"} 3\n"), std::string::npos);
}

}  // namespace
}  // namespace masthead::web
