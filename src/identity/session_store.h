#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "db/database.h"
#include "util/error.h"

namespace masthead::identity {

/// A row of `sessions`: whose session it is and until when. Exactly one of reader_id and
/// staff_id is set.
struct SessionRow {
    std::string id_hash;  ///< sha256Hex of the cookie value
    std::int64_t reader_id = 0;
    std::int64_t staff_id = 0;
    std::int64_t created_at = 0;
    std::int64_t expires_at = 0;
};

/// Sessions in SQL. Not thread-safe (one connection); Sessions serialises access.
class SessionStore {
  public:
    explicit SessionStore(db::Database& db) : db_(db) {}

    [[nodiscard]] Result<void> insert(const SessionRow& row);
    /// The session with this hash if it has not expired at `now`.
    [[nodiscard]] Result<std::optional<SessionRow>> find(const std::string& id_hash,
                                                         std::int64_t now);
    [[nodiscard]] Result<void> extend(const std::string& id_hash, std::int64_t expires_at);
    [[nodiscard]] Result<void> remove(const std::string& id_hash);
    /// Deletes every session that expired before `now`; returns how many.
    [[nodiscard]] Result<std::int64_t> removeExpired(std::int64_t now);

  private:
    db::Database& db_;
};

}  // namespace masthead::identity
