#include "popularity/memory_view_store.h"

#include <algorithm>
#include <cmath>

namespace masthead::popularity {
namespace {

std::int64_t secondsOf(SysTime t) { return t.time_since_epoch().count(); }

/// Mixes reader and article into one dedupe key (splitmix64 finaliser on the article id).
std::uint64_t dedupeKey(std::uint64_t reader, std::int64_t article_id) {
    std::uint64_t z = static_cast<std::uint64_t>(article_id) + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return reader ^ (z ^ (z >> 31));
}

}  // namespace

MemoryViewStore::MemoryViewStore(std::chrono::seconds half_life, std::chrono::seconds dedupe_window)
    : half_life_seconds_(static_cast<double>(half_life.count())),
      dedupe_seconds_(dedupe_window.count()),
      shards_(std::make_unique<std::array<Shard, kShards>>()) {}

MemoryViewStore::Shard& MemoryViewStore::shardOf(std::int64_t article_id) const {
    return (*shards_)[static_cast<std::uint64_t>(article_id) % kShards];
}

void MemoryViewStore::add(Article& a, std::int64_t second, std::int64_t count) const {
    // Decay the score to the later of the two times, then add this read's weight at its own
    // time (reads restored from the archive may be older than the score).
    const auto decay = [this](std::int64_t from, std::int64_t to) {
        return std::exp2(-static_cast<double>(to - from) / half_life_seconds_);
    };
    if (second >= a.score_time) {
        a.score = a.score * decay(a.score_time, second) + static_cast<double>(count);
        a.score_time = second;
    } else {
        a.score += static_cast<double>(count) * decay(second, a.score_time);
    }
    const std::int64_t minute = second / 60;
    const auto m = static_cast<std::size_t>(minute % 60);
    // A slot holds one minute; an older minute than the slot's is already out of the window.
    if (minute > a.minute_stamp[m]) {
        a.minute_stamp[m] = minute;
        a.minute_views[m] = 0;
    }
    if (minute == a.minute_stamp[m]) {
        a.minute_views[m] += static_cast<std::uint32_t>(count);
    }
    const std::int64_t hour = second / 3600;
    const auto h = static_cast<std::size_t>(hour % 168);
    if (hour > a.hour_stamp[h]) {
        a.hour_stamp[h] = hour;
        a.hour_views[h] = 0;
    }
    if (hour == a.hour_stamp[h]) {
        a.hour_views[h] += static_cast<std::uint32_t>(count);
    }
}

bool MemoryViewStore::countOnce(std::uint64_t reader, std::int64_t article_id, SysTime now) {
    const std::int64_t second = secondsOf(now);
    Shard& shard = shardOf(article_id);
    std::lock_guard lock(shard.mutex);
    auto [it, fresh] =
        shard.counted_until.try_emplace(dedupeKey(reader, article_id), second + dedupe_seconds_);
    if (!fresh) {
        if (it->second > second) {
            return false;
        }
        it->second = second + dedupe_seconds_;
    }
    add(shard.articles[article_id], second, 1);
    shard.unarchived[{article_id, second / 60}] += 1;
    return true;
}

std::vector<ArticleStats> MemoryViewStore::stats(SysTime now) const {
    const std::int64_t second = secondsOf(now);
    const std::int64_t minute = second / 60;
    const std::int64_t hour = second / 3600;
    std::vector<ArticleStats> out;
    for (const Shard& shard : *shards_) {
        std::lock_guard lock(shard.mutex);
        for (const auto& [id, a] : shard.articles) {
            ArticleStats s;
            s.article_id = id;
            s.decayed = a.score *
                        std::exp2(-static_cast<double>(second - a.score_time) / half_life_seconds_);
            for (std::size_t i = 0; i < a.minute_views.size(); ++i) {
                if (a.minute_stamp[i] > minute - 60 && a.minute_stamp[i] <= minute) {
                    s.views_1h += a.minute_views[i];
                }
            }
            double older = 0;  // what reads of 48 hours ago and more still add to the score
            for (std::size_t i = 0; i < a.hour_views.size(); ++i) {
                const std::int64_t age = hour - a.hour_stamp[i];
                if (age < 0 || age >= 168) {
                    continue;
                }
                if (age >= 48) {
                    const std::int64_t middle = a.hour_stamp[i] * 3600 + 1800;
                    older += a.hour_views[i] *
                             std::exp2(-static_cast<double>(second - middle) / half_life_seconds_);
                }
                s.views_7d += a.hour_views[i];
                if (age < 48) {
                    s.views_48h += a.hour_views[i];
                }
                if (age < 24) {
                    s.views_24h += a.hour_views[i];
                }
            }
            // "Popular now" counts the last 48 hours only (to the hour).
            s.decayed = std::max(0.0, s.decayed - older);
            if (s.views_7d > 0) {
                out.push_back(s);
            }
        }
    }
    return out;
}

std::vector<MinuteViews> MemoryViewStore::takeUnarchived() {
    std::vector<MinuteViews> out;
    for (Shard& shard : *shards_) {
        std::lock_guard lock(shard.mutex);
        for (const auto& [key, views] : shard.unarchived) {
            out.push_back({key.first, key.second, views});
        }
        shard.unarchived.clear();
    }
    return out;
}

void MemoryViewStore::returnUnarchived(std::span<const MinuteViews> rows) {
    for (const MinuteViews& r : rows) {
        Shard& shard = shardOf(r.article_id);
        std::lock_guard lock(shard.mutex);
        shard.unarchived[{r.article_id, r.minute}] += r.views;
    }
}

void MemoryViewStore::restore(std::span<const MinuteViews> rows, SysTime now) {
    const std::int64_t oldest = secondsOf(now) - (std::int64_t{7} * 24 * 3600);
    for (const MinuteViews& r : rows) {
        if (r.minute * 60 < oldest) {
            continue;
        }
        Shard& shard = shardOf(r.article_id);
        std::lock_guard lock(shard.mutex);
        add(shard.articles[r.article_id], r.minute * 60, r.views);
    }
}

void MemoryViewStore::expire(SysTime now) {
    const std::int64_t second = secondsOf(now);
    const std::int64_t hour = second / 3600;
    for (Shard& shard : *shards_) {
        std::lock_guard lock(shard.mutex);
        std::erase_if(shard.counted_until, [&](const auto& e) { return e.second <= second; });
        std::erase_if(shard.articles, [&](const auto& e) {
            for (std::int64_t stamp : e.second.hour_stamp) {
                if (stamp > hour - 168) {
                    return false;
                }
            }
            return true;  // nothing in the last week
        });
    }
}

}  // namespace masthead::popularity
