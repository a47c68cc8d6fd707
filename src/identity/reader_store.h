#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "db/database.h"
#include "identity/reader.h"
#include "util/error.h"

namespace masthead::identity {

/// Readers in SQL. Not thread-safe (one connection); services serialise access.
class ReaderStore {
  public:
    explicit ReaderStore(db::Database& db) : db_(db) {}

    /// The reader with this (provider, subject), created on first login; the name and picture
    /// are refreshed from the provider at every login.
    [[nodiscard]] Result<Reader> upsert(const ExternalProfile& profile, std::int64_t now);
    [[nodiscard]] Result<Reader> byId(std::int64_t id);
    [[nodiscard]] Result<void> acceptPolicy(std::int64_t id, std::int64_t now);
    /// Bans until `until` (Reader::kBannedForGood for good); nullopt lifts a ban.
    [[nodiscard]] Result<void> setBan(std::int64_t id, std::optional<std::int64_t> until,
                                      const std::string& reason);
    /// Readers whose name contains `name` (case-insensitive for ASCII letters), newest first,
    /// at most `limit`; erased accounts are left out.
    [[nodiscard]] Result<std::vector<Reader>> search(std::string_view name, std::size_t limit);

    /// What erasing a reader leaves of their row.
    enum class Erasure {
        kDelete,     ///< nothing
        kNameless,   ///< the row without name or picture (a ban for good still holds)
        kAnonymous,  ///< a row that names nobody and matches no provider account (it is still
                     ///< the author of emptied comments that others replied to)
    };
    /// Erases a reader's identity as `how` says, with their sessions.
    [[nodiscard]] Result<void> erase(std::int64_t id, Erasure how);

  private:
    db::Database& db_;
};

}  // namespace masthead::identity
