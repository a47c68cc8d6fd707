#include "db/change_log.h"

#include <algorithm>

namespace masthead::db {
namespace {

// Pruning costs a statement, so it runs once every this many records.
constexpr std::int64_t kPruneEvery = 1000;

}  // namespace

Result<void> ChangeLog::record(std::string_view topic, std::int64_t subject,
                               std::string_view detail) {
    auto rows = db_.query(
        "INSERT INTO change_log (topic, subject, detail) VALUES ($1, $2, $3) RETURNING seq",
        {std::string(topic), subject, std::string(detail)});
    if (!rows) {
        return fail(rows.error());
    }
    const std::int64_t seq = rows->front().integer(0);
    if (seq % kPruneEvery == 0) {
        if (auto pruned = db_.execute("DELETE FROM change_log WHERE seq <= $1", {seq - kKept});
            !pruned) {
            return fail(pruned.error());
        }
    }
    return {};
}

Result<ChangesSince> ChangeLog::since(std::int64_t seq, std::size_t limit) {
    ChangesSince out;
    auto bounds = db_.query("SELECT COALESCE(MIN(seq), 0), COALESCE(MAX(seq), 0) FROM change_log");
    if (!bounds) {
        return fail(bounds.error());
    }
    const std::int64_t oldest = bounds->front().integer(0);
    out.latest = std::max(seq, bounds->front().integer(1));
    if (out.latest == seq) {
        return out;
    }
    // Entries right after `seq` are gone: pruned before the follower read them.
    if (oldest > seq + 1) {
        out.complete = false;
        return out;
    }
    auto rows = db_.query(
        "SELECT seq, topic, subject, detail FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2",
        {seq, static_cast<std::int64_t>(limit) + 1});
    if (!rows) {
        return fail(rows.error());
    }
    if (rows->size() > limit) {
        out.complete = false;
        return out;
    }
    out.changes.reserve(rows->size());
    for (const Row& row : *rows) {
        out.changes.push_back({row.integer(0), row.text(1), row.integer(2), row.text(3)});
    }
    return out;
}

Result<std::int64_t> ChangeLog::latest() {
    auto rows = db_.query("SELECT COALESCE(MAX(seq), 0) FROM change_log");
    if (!rows) {
        return fail(rows.error());
    }
    return rows->front().integer(0);
}

}  // namespace masthead::db
