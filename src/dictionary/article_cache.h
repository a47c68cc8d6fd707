#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "dictionary/entry.h"

namespace masthead::dictionary {

/// The parsed entries of one dictionary article, shared between the cache and results.
using Article = std::vector<std::shared_ptr<const Entry>>;

/// The most recently used parsed articles, bounded by an estimate of their bytes, so that a
/// word read again costs neither inflating nor parsing. Sharded by key, one mutex per shard,
/// held only to find or insert a pointer. Thread-safe.
class ArticleCache {
  public:
    explicit ArticleCache(std::size_t capacity_bytes);

    /// The key of the article at `offset` in source number `source`.
    [[nodiscard]] static std::uint64_t key(std::size_t source, std::uint64_t offset) {
        return (static_cast<std::uint64_t>(source) << 56U) ^ offset;
    }
    [[nodiscard]] std::shared_ptr<const Article> find(std::uint64_t key);
    /// Keeps `article`, costing `bytes`, dropping the least recently used ones past capacity.
    void put(std::uint64_t key, std::shared_ptr<const Article> article, std::size_t bytes);

  private:
    struct Node {
        std::uint64_t key;
        std::shared_ptr<const Article> article;
        std::size_t bytes;
    };
    struct Shard {
        std::mutex mutex;
        std::list<Node> order;  // most recent first
        std::unordered_map<std::uint64_t, std::list<Node>::iterator> nodes;
        std::size_t bytes = 0;
    };
    static constexpr std::size_t kShards = 8;

    Shard& shardOf(std::uint64_t key) { return shards_[(key ^ (key >> 56U)) % kShards]; }

    std::size_t shard_capacity_;
    std::array<Shard, kShards> shards_;
};

}  // namespace masthead::dictionary
