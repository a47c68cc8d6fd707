#include "web/page_cache.h"

namespace masthead::web {

std::shared_ptr<const http::Entity> PageCache::get(
    std::string_view key, std::uint64_t generation,
    const std::function<std::shared_ptr<const http::Entity>()>& render) {
    Shard& shard = shards_[KeyHash{}(key) % kShards];
    {
        std::lock_guard lock(shard.mutex);
        const auto it = shard.map.find(key);  // no allocation: transparent lookup
        if (it != shard.map.end() && it->second.generation == generation) {
            return it->second.entity;
        }
    }
    auto entity = render();
    if (entity) {
        std::lock_guard lock(shard.mutex);
        if (shard.map.size() >= per_shard_) {
            shard.map.clear();
        }
        shard.map.insert_or_assign(std::string(key), Slot{generation, entity});
    }
    return entity;
}

}  // namespace masthead::web
