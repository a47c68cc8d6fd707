#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "db/database.h"
#include "popularity/view_store.h"

namespace masthead::popularity {

enum class Override { kPin, kExclude };

struct ArticleOverride {
    std::int64_t article_id = 0;
    Override mode = Override::kPin;
};

/// The durable side of popularity: reads per article and minute (written in batches every few
/// seconds, one transaction each), and the newsroom's pins and exclusions. Not thread-safe
/// (one Database connection): used by the popularity worker thread and the CLI.
class ViewArchive {
  public:
    explicit ViewArchive(db::Database& db) : db_(db) {}

    /// Adds the rows to the stored counts in one transaction: all or nothing.
    [[nodiscard]] Result<void> save(std::span<const MinuteViews> rows);
    /// Rows of minutes at or after `since_minute`.
    [[nodiscard]] Result<std::vector<MinuteViews>> since(std::int64_t since_minute);
    /// Deletes rows older than `before_minute` (kept: 8 days, for the 7-day window).
    [[nodiscard]] Result<void> prune(std::int64_t before_minute);

    [[nodiscard]] Result<std::vector<ArticleOverride>> overrides();
    [[nodiscard]] Result<void> setOverride(std::int64_t article_id, Override mode);
    [[nodiscard]] Result<void> clearOverride(std::int64_t article_id);

  private:
    db::Database& db_;
};

}  // namespace masthead::popularity
