#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "dictionary/entry.h"
#include "util/lru_cache.h"

namespace masthead::dictionary {

/// The parsed entries of one dictionary article, shared between the cache and results.
using Article = std::vector<std::shared_ptr<const Entry>>;

/// The most recently used parsed articles, bounded by an estimate of their bytes, so that a
/// word read again costs neither inflating nor parsing (a util LruCache keyed by source and
/// offset). Thread-safe.
class ArticleCache {
  public:
    explicit ArticleCache(std::size_t capacity_bytes) : entries_(capacity_bytes) {}

    /// The key of the article at `offset` in source number `source`.
    [[nodiscard]] static std::uint64_t key(std::size_t source, std::uint64_t offset) {
        return (static_cast<std::uint64_t>(source) << 56U) ^ offset;
    }
    [[nodiscard]] std::shared_ptr<const Article> find(std::uint64_t key) {
        return entries_.find(key);
    }
    /// Keeps `article`, costing `bytes`, dropping the least recently used ones past capacity.
    void put(std::uint64_t key, std::shared_ptr<const Article> article, std::size_t bytes) {
        entries_.put(key, std::move(article), bytes);
    }

  private:
    LruCache<std::uint64_t, std::shared_ptr<const Article>> entries_;
};

}  // namespace masthead::dictionary
