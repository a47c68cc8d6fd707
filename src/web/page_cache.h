#pragma once

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

/// Things rendered once (pages with their gzip variants, the shells of signed-in pages) by
/// cache key, valid for one generation: the caller passes the generation of what the page
/// shows now (see page_versions.h), and an entry made at another generation is a miss and is
/// rendered again. Bounded by bytes (the least recently used pages go first), so memory
/// follows the setting, not the size of the archive. `render` runs without any lock held.
/// `T` needs a `cachedBytes(const T&)` found by argument-dependent lookup. Thread-safe.
template <class T>
class GenerationCache {
  public:
    explicit GenerationCache(std::size_t capacity_bytes) : entries_(capacity_bytes) {}

    /// The cached value for `key` at `generation`, or the result of `render()` stored for
    /// next time (a null result is not stored).
    std::shared_ptr<const T> get(std::string_view key, std::uint64_t generation,
                                 const std::function<std::shared_ptr<const T>()>& render) {
        if (Slot slot = entries_.find(key); slot.value && slot.generation == generation) {
            return slot.value;
        }
        auto value = render();
        if (value) {
            entries_.put(std::string(key), Slot{generation, value}, cachedBytes(*value));
        }
        return value;
    }

    /// Forgets the entry for `key` (a page whose subject is gone).
    void erase(std::string_view key) { entries_.erase(key); }

    [[nodiscard]] CacheStats stats() const { return entries_.stats(); }

  private:
    struct Slot {
        std::uint64_t generation = 0;
        std::shared_ptr<const T> value;
    };
    LruCache<std::string, Slot, StringKeyHash> entries_;
};

/// Rendered pages and their gzip variants.
using PageCache = GenerationCache<http::Entity>;

}  // namespace masthead::web
