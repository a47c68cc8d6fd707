#include "web/cache_metrics.h"

#include <cstdint>
#include <vector>

namespace masthead::web {

std::string renderCacheMetrics(std::span<const NamedCache> caches) {
    std::vector<CacheStats> stats;
    stats.reserve(caches.size());
    for (const NamedCache& c : caches) {
        stats.push_back(c.stats());
    }
    std::string out;
    const auto family = [&](const char* name, const char* type, const char* help, auto value) {
        out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
        for (std::size_t i = 0; i < caches.size(); ++i) {
            out += std::string(name) + "{cache=\"" + caches[i].name + "\"} " +
                   std::to_string(value(stats[i])) + "\n";
        }
    };
    family("masthead_cache_entries", "gauge", "Entries held by each bounded cache.",
           [](const CacheStats& s) { return std::uint64_t{s.entries}; });
    family("masthead_cache_bytes", "gauge", "Bytes held by each bounded cache.",
           [](const CacheStats& s) { return std::uint64_t{s.bytes}; });
    family("masthead_cache_capacity_bytes", "gauge", "The bytes each cache may hold.",
           [](const CacheStats& s) { return std::uint64_t{s.capacity_bytes}; });
    family("masthead_cache_hits_total", "counter", "Look-ups that found an entry.",
           [](const CacheStats& s) { return s.hits; });
    family("masthead_cache_misses_total", "counter", "Look-ups that found none.",
           [](const CacheStats& s) { return s.misses; });
    family("masthead_cache_evictions_total", "counter",
           "Entries dropped to stay within the capacity.",
           [](const CacheStats& s) { return s.evictions; });
    return out;
}

}  // namespace masthead::web
