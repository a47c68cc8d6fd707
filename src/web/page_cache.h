#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/message.h"
#include "util/lru_cache.h"

namespace masthead::web {

/// What a cached page costs in memory: both bodies and the validators.
[[nodiscard]] inline std::size_t cachedBytes(const http::Entity& e) {
    return sizeof(http::Entity) + e.body.capacity() + e.gzip_body.capacity() + e.etag.capacity() +
           e.gzip_etag.capacity() + e.content_type.capacity() + e.cache_control.capacity();
}

/// A page rendered on a miss is compressed quickly (it may never be read again); once it is
/// read often (kImproveAfter), its gzip variant is made again at the best level.
[[nodiscard]] inline std::shared_ptr<const http::Entity> improved(const http::Entity& e) {
    return http::Entity::bestOf(e);
}

/// Things rendered once (pages with their gzip variants, the shells of signed-in pages) by
/// cache key, valid for one generation: the caller passes the generation of what the page
/// shows now (see page_versions.h), and an entry made at another generation is a miss and is
/// rendered again. Bounded by bytes (the least recently used pages go first), so memory
/// follows the setting, not the size of the archive. `render` runs without any lock held.
/// An entry read kImproveAfter times is offered to `improved(value)`, which may return a
/// better value for the same generation (a page's gzip variant at the best level).
/// `T` needs `cachedBytes(const T&)` and `improved(const T&)` found by argument-dependent
/// lookup. Thread-safe.
template <class T>
class GenerationCache {
  public:
    explicit GenerationCache(std::size_t capacity_bytes) : entries_(capacity_bytes) {}

    /// The cached value for `key` at `generation`, or the result of `render()` stored for
    /// next time (a null result is not stored).
    std::shared_ptr<const T> get(std::string_view key, std::uint64_t generation,
                                 const std::function<std::shared_ptr<const T>()>& render) {
        if (Slot slot = entries_.find(key); slot.value && slot.generation == generation) {
            if (slot.reads &&
                slot.reads->fetch_add(1, std::memory_order_relaxed) + 1 == kImproveAfter) {
                // Exactly one reader gets here per entry; the better value replaces it (a
                // newer generation put meanwhile is a miss once more, and is rendered again).
                if (auto better = improved(*slot.value)) {
                    entries_.put(std::string(key), Slot{generation, better, nullptr},
                                 cachedBytes(*better));
                    return better;
                }
            }
            return slot.value;
        }
        auto value = render();
        if (value) {
            entries_.put(std::string(key),
                         Slot{generation, value, std::make_shared<std::atomic<std::uint32_t>>(0)},
                         cachedBytes(*value));
        }
        return value;
    }

    /// Forgets the entry for `key` (a page whose subject is gone).
    void erase(std::string_view key) { entries_.erase(key); }

    [[nodiscard]] CacheStats stats() const { return entries_.stats(); }

    /// libdeflate's best level costs about three times its fastest on an 11 KB article page
    /// (180 against 60 µs here) for 3% fewer bytes (3,472 against 3,592): it pays for a page
    /// read often, not for the archive page read a few times, whose miss it would double.
    static constexpr std::uint32_t kImproveAfter = 32;

  private:
    struct Slot {
        std::uint64_t generation = 0;
        std::shared_ptr<const T> value;
        std::shared_ptr<std::atomic<std::uint32_t>> reads;  ///< null: improved already
    };
    LruCache<std::string, Slot, StringKeyHash> entries_;
};

/// Rendered pages and their gzip variants.
using PageCache = GenerationCache<http::Entity>;

}  // namespace masthead::web
