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

/// Rendered pages (with their gzip variants) by cache key, valid for one catalog
/// generation: when the content changes, every entry of an older generation is a miss and
/// is rendered again. Sharded; a lookup holds one shard's mutex for a hash-map probe and never
/// across rendering or I/O. Bounded: a full shard is emptied. Thread-safe.
class PageCache {
  public:
    explicit PageCache(std::size_t max_entries = 20'000) : per_shard_(max_entries / kShards + 1) {}

    /// The cached entity for `key` at `generation`, or the result of `render()` stored
    /// for next time. `render` runs without any lock held.
    std::shared_ptr<const http::Entity> get(
        std::string_view key, std::uint64_t generation,
        const std::function<std::shared_ptr<const http::Entity>()>& render);

  private:
    static constexpr std::size_t kShards = 16;
    struct Slot {
        std::uint64_t generation;
        std::shared_ptr<const http::Entity> entity;
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

}  // namespace masthead::web
