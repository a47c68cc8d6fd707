#include "identity/session_store.h"

namespace masthead::identity {

Result<void> SessionStore::insert(const SessionRow& row) {
    auto r = db_.execute(
        "INSERT INTO sessions (id_hash, reader_id, staff_id, created_at, expires_at) "
        "VALUES ($1, $2, $3, $4, $5)",
        {row.id_hash, row.reader_id ? db::Value(row.reader_id) : db::Value(nullptr),
         row.staff_id ? db::Value(row.staff_id) : db::Value(nullptr), row.created_at,
         row.expires_at});
    if (!r) {
        return fail(r.error());
    }
    return {};
}

Result<std::optional<SessionRow>> SessionStore::find(const std::string& id_hash, std::int64_t now) {
    auto rows = db_.query(
        "SELECT reader_id, staff_id, created_at, expires_at FROM sessions "
        "WHERE id_hash = $1 AND expires_at > $2",
        {id_hash, now});
    if (!rows) {
        return fail(rows.error());
    }
    if (rows->empty()) {
        return std::optional<SessionRow>();
    }
    const db::Row& row = rows->front();
    return SessionRow{.id_hash = id_hash,
                      .reader_id = row.integer(0),
                      .staff_id = row.integer(1),
                      .created_at = row.integer(2),
                      .expires_at = row.integer(3)};
}

Result<void> SessionStore::extend(const std::string& id_hash, std::int64_t expires_at) {
    auto r = db_.execute("UPDATE sessions SET expires_at = $2 WHERE id_hash = $1",
                         {id_hash, expires_at});
    if (!r) {
        return fail(r.error());
    }
    return {};
}

Result<void> SessionStore::remove(const std::string& id_hash) {
    auto r = db_.execute("DELETE FROM sessions WHERE id_hash = $1", {id_hash});
    if (!r) {
        return fail(r.error());
    }
    return {};
}

Result<std::int64_t> SessionStore::removeExpired(std::int64_t now) {
    return db_.execute("DELETE FROM sessions WHERE expires_at <= $1", {now});
}

}  // namespace masthead::identity
