#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/message.h"

namespace masthead::web {

/// Things rendered once (pages with their gzip variants, the shells of signed-in pages) by
/// cache key, valid for one generation: when what they show changes, every entry of an older
/// generation is a miss and is rendered again. Sharded; a lookup holds one shard's mutex for a
/// hash-map probe and never across rendering or I/O. Bounded: a full shard is emptied.
/// Thread-safe.
template <class T>
class GenerationCache {
  public:
    explicit GenerationCache(std::size_t max_entries = 20'000)
        : per_shard_(max_entries / kShards + 1) {}

    /// The cached value for `key` at `generation`, or the result of `render()` stored for
    /// next time (a null result is not stored). `render` runs without any lock held.
    std::shared_ptr<const T> get(std::string_view key, std::uint64_t generation,
                                 const std::function<std::shared_ptr<const T>()>& render) {
        Shard& shard = shards_[KeyHash{}(key) % kShards];
        {
            std::lock_guard lock(shard.mutex);
            const auto it = shard.map.find(key);  // no allocation: transparent lookup
            if (it != shard.map.end() && it->second.generation == generation) {
                return it->second.value;
            }
        }
        auto value = render();
        if (value) {
            std::lock_guard lock(shard.mutex);
            if (shard.map.size() >= per_shard_) {
                shard.map.clear();
            }
            shard.map.insert_or_assign(std::string(key), Slot{generation, value});
        }
        return value;
    }

  private:
    static constexpr std::size_t kShards = 16;
    struct Slot {
        std::uint64_t generation;
        std::shared_ptr<const T> value;
    };
    struct KeyHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view key) const {
            return std::hash<std::string_view>{}(key);
        }
    };
    struct Shard {
        std::mutex mutex;
        std::unordered_map<std::string, Slot, KeyHash, std::equal_to<>> map;
    };
    std::size_t per_shard_;
    std::array<Shard, kShards> shards_;
};

/// Rendered pages and their gzip variants.
using PageCache = GenerationCache<http::Entity>;

}  // namespace masthead::web
