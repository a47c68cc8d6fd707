#pragma once

#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "popularity/view_store.h"

namespace masthead::popularity {

/// ViewStore in this process's memory, sharded by article (16 shards, one short mutex per
/// read counted). Per article it keeps a decayed score (updated in O(1) per read: no per-view
/// history), 60 one-minute and 168 one-hour buckets with their stamps; memory is about 2.8 KB
/// per article read in the last week, plus one entry per reader and article in the dedupe
/// window.
class MemoryViewStore final : public ViewStore {
  public:
    MemoryViewStore(std::chrono::seconds half_life, std::chrono::seconds dedupe_window);

    bool countOnce(std::uint64_t reader, std::int64_t article_id, SysTime now) override;
    [[nodiscard]] std::vector<ArticleStats> stats(SysTime now) const override;
    std::vector<MinuteViews> takeUnarchived() override;
    void returnUnarchived(std::span<const MinuteViews> rows) override;
    void restore(std::span<const MinuteViews> rows, SysTime now) override;
    void expire(SysTime now) override;

  private:
    struct Article {
        double score = 0;             // decayed count as of score_time
        std::int64_t score_time = 0;  // Unix seconds
        std::array<std::uint32_t, 60> minute_views{};
        std::array<std::int64_t, 60> minute_stamp{};  // which minute each slot holds
        std::array<std::uint32_t, 168> hour_views{};
        std::array<std::int64_t, 168> hour_stamp{};
    };
    struct Shard {
        mutable std::mutex mutex;
        std::unordered_map<std::int64_t, Article> articles;
        std::unordered_map<std::uint64_t, std::int64_t> counted_until;  // dedupe key -> seconds
        std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> unarchived;
    };
    static constexpr std::size_t kShards = 16;

    void add(Article& a, std::int64_t second, std::int64_t count) const;
    [[nodiscard]] Shard& shardOf(std::int64_t article_id) const;

    double half_life_seconds_;
    std::int64_t dedupe_seconds_;
    std::unique_ptr<std::array<Shard, kShards>> shards_;
};

}  // namespace masthead::popularity
