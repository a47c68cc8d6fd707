#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "util/clock.h"

namespace masthead::popularity {

/// Counted reads of one article in one minute: the unit the archive stores.
struct MinuteViews {
    std::int64_t article_id = 0;
    std::int64_t minute = 0;  ///< Unix time / 60
    std::int64_t views = 0;
};

/// What ranking needs to know about one article's readers.
struct ArticleStats {
    std::int64_t article_id = 0;
    double decayed = 0;           ///< exponentially decayed count of reads, as of the `now` asked
    std::uint64_t views_1h = 0;   ///< to the minute
    std::uint64_t views_24h = 0;  ///< to the hour
    std::uint64_t views_7d = 0;   ///< to the hour
    std::uint64_t views_48h = 0;  ///< to the hour
};

/// Where reads are counted. One count per reader per article per dedupe window. The memory
/// implementation serves one node; a Redis one (scale-out issue) will let several nodes share
/// the counts. Thread-safe.
class ViewStore {
  public:
    virtual ~ViewStore() = default;

    /// Counts a read of `article_id` by `reader` at `now`, unless the same reader was counted
    /// for it within the dedupe window. Returns true when counted.
    [[nodiscard]] virtual bool countOnce(std::uint64_t reader, std::int64_t article_id,
                                         SysTime now) = 0;
    /// Statistics of every article read in the last 7 days, as of `now`.
    [[nodiscard]] virtual std::vector<ArticleStats> stats(SysTime now) const = 0;
    /// The reads counted since the previous call, per article and minute, for the archive.
    [[nodiscard]] virtual std::vector<MinuteViews> takeUnarchived() = 0;
    /// Puts back reads that could not be archived, so the next take returns them again.
    virtual void returnUnarchived(std::span<const MinuteViews> rows) = 0;
    /// Loads archived reads at start (they are not returned by takeUnarchived()).
    virtual void restore(std::span<const MinuteViews> rows, SysTime now) = 0;
    /// Forgets dedupe entries that have expired. Call every few seconds.
    virtual void expire(SysTime now) = 0;
};

}  // namespace masthead::popularity
