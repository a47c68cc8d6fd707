#pragma once

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

  private:
    db::Database& db_;
};

}  // namespace masthead::identity
