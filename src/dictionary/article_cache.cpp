#include "dictionary/article_cache.h"

namespace masthead::dictionary {

ArticleCache::ArticleCache(std::size_t capacity_bytes)
    : shard_capacity_(capacity_bytes / kShards) {}

std::shared_ptr<const Article> ArticleCache::find(std::uint64_t key) {
    Shard& shard = shardOf(key);
    const std::lock_guard lock(shard.mutex);
    const auto it = shard.nodes.find(key);
    if (it == shard.nodes.end()) {
        return nullptr;
    }
    shard.order.splice(shard.order.begin(), shard.order, it->second);
    return it->second->article;
}

void ArticleCache::put(std::uint64_t key, std::shared_ptr<const Article> article,
                       std::size_t bytes) {
    if (bytes > shard_capacity_) {
        return;
    }
    Shard& shard = shardOf(key);
    const std::lock_guard lock(shard.mutex);
    if (shard.nodes.contains(key)) {
        return;  // another thread parsed it meanwhile
    }
    shard.order.push_front({key, std::move(article), bytes});
    shard.nodes.emplace(key, shard.order.begin());
    shard.bytes += bytes;
    while (shard.bytes > shard_capacity_) {
        const Node& oldest = shard.order.back();
        shard.bytes -= oldest.bytes;
        shard.nodes.erase(oldest.key);
        shard.order.pop_back();
    }
}

}  // namespace masthead::dictionary
