#include "comments/moderation_store.h"

#include "comments/comment_store.h"

namespace masthead::comments {

Result<CommentPolicy> ModerationStore::policy() {
    auto words = db_.query("SELECT id, word, list FROM word_rules ORDER BY id");
    if (!words) {
        return fail(words.error());
    }
    std::vector<WordRule> rules;
    for (const db::Row& row : *words) {
        WordRule rule;
        rule.id = row.integer(0);
        rule.word = row.text(1);
        rule.list = row.text(2) == "suspect" ? WordList::kSuspect : WordList::kBanned;
        rules.push_back(std::move(rule));
    }
    auto modes = db_.query("SELECT scope, scope_id, mode, close_after_hours FROM comment_modes");
    if (!modes) {
        return fail(modes.error());
    }
    CommentPolicy policy{WordFilter(std::move(rules)), {}};
    for (const db::Row& row : *modes) {
        ModeSetting m;
        m.scope = parseScope(row.text(0)).value_or(Scope::kSite);
        m.scope_id = row.integer(1);
        m.mode = parseMode(row.text(2)).value_or(Mode::kOpen);
        if (!row.isNull(3)) {
            m.close_after_hours = row.integer(3);
        }
        policy.modes.push_back(m);
    }
    return policy;
}

Result<std::int64_t> ModerationStore::addWord(const std::string& word, WordList list,
                                              std::int64_t at) {
    auto rows = db_.query(
        "INSERT INTO word_rules (word, list, created_at) VALUES ($1, $2, $3) RETURNING id",
        {word, std::string(list == WordList::kBanned ? "banned" : "suspect"), at});
    if (!rows) {
        if (rows.error().code == ErrorCode::kConflict) {
            return fail(Error::conflict("\"" + word + "\" is on a word list already."));
        }
        return fail(rows.error());
    }
    return rows->front().integer(0);
}

Result<void> ModerationStore::removeWord(std::int64_t id) {
    auto removed = db_.execute("DELETE FROM word_rules WHERE id = $1", {id});
    if (!removed) {
        return fail(removed.error());
    }
    if (*removed == 0) {
        return fail(Error::notFound("There is no word rule " + std::to_string(id) + "."));
    }
    return {};
}

Result<void> ModerationStore::setMode(const ModeSetting& m) {
    auto set = db_.execute(
        "INSERT INTO comment_modes (scope, scope_id, mode, close_after_hours) "
        "VALUES ($1, $2, $3, $4) ON CONFLICT (scope, scope_id) DO UPDATE SET "
        "mode = excluded.mode, close_after_hours = excluded.close_after_hours",
        {std::string(toString(m.scope)), m.scope_id, std::string(toString(m.mode)),
         m.close_after_hours ? db::Value(*m.close_after_hours) : db::Value(nullptr)});
    if (!set) {
        return fail(set.error());
    }
    return {};
}

Result<void> ModerationStore::clearMode(Scope scope, std::int64_t scope_id) {
    auto r = db_.execute("DELETE FROM comment_modes WHERE scope = $1 AND scope_id = $2",
                         {std::string(toString(scope)), scope_id});
    if (!r) {
        return fail(r.error());
    }
    return {};
}

Result<void> ModerationStore::logAction(std::int64_t at, std::int64_t staff_id,
                                        const std::string& staff_name, const std::string& action,
                                        std::int64_t comment_id, std::int64_t reader_id,
                                        const std::string& detail) {
    auto r = db_.execute(
        "INSERT INTO moderation_log (at, staff_id, staff_name, action, comment_id, reader_id, "
        "detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {at, staff_id, staff_name, action, comment_id ? db::Value(comment_id) : db::Value(nullptr),
         reader_id ? db::Value(reader_id) : db::Value(nullptr), detail});
    if (!r) {
        return fail(r.error());
    }
    return {};
}

Result<std::vector<LogEntry>> ModerationStore::log(std::size_t limit) {
    auto rows = db_.query(
        "SELECT id, at, staff_name, action, comment_id, reader_id, detail FROM moderation_log "
        "ORDER BY id DESC LIMIT $1",
        {static_cast<std::int64_t>(limit)});
    if (!rows) {
        return fail(rows.error());
    }
    std::vector<LogEntry> entries;
    for (const db::Row& row : *rows) {
        entries.push_back(LogEntry{row.integer(0), row.integer(1), row.text(2), row.text(3),
                                   row.integer(4), row.integer(5), row.text(6)});
    }
    return entries;
}

Result<std::vector<QueueItem>> ModerationStore::queue(QueueFilter filter, std::size_t limit,
                                                      std::int64_t now) {
    std::string where;
    switch (filter) {
        case QueueFilter::kWaiting:
            where = "c.status IN ('pending', 'held')";
            break;
        case QueueFilter::kReported:
            where =
                "c.status IN ('visible', 'held') AND EXISTS (SELECT 1 FROM comment_reports x "
                "WHERE x.comment_id = c.id)";
            break;
        case QueueFilter::kRemoved:
            where = "c.status IN ('hidden', 'rejected')";
            break;
    }
    // The author's name and ban are read with the comment, as every comment query reads its
    // author's name (kCommentColumns); the readers table is identity's, and only read here.
    auto rows = db_.query("SELECT " + std::string(kCommentColumns) +
                              ", r.banned_until, (SELECT COUNT(*) FROM comment_reports x WHERE "
                              "x.comment_id = c.id) FROM comments c JOIN readers r ON r.id = "
                              "c.reader_id WHERE " +
                              where + " ORDER BY c.created_at LIMIT $1",
                          {static_cast<std::int64_t>(limit)});
    if (!rows) {
        return fail(rows.error());
    }
    std::vector<QueueItem> items;
    for (const db::Row& row : *rows) {
        QueueItem item;
        item.comment = commentFromRow(row);
        item.author_banned = !row.isNull(12) && row.integer(12) > now;
        item.reports = static_cast<std::size_t>(row.integer(13));
        if (item.reports > 0) {
            auto reasons = db_.query(
                "SELECT reason, COUNT(*) FROM comment_reports WHERE comment_id = $1 "
                "GROUP BY reason ORDER BY COUNT(*) DESC, reason",
                {item.comment.id});
            if (!reasons) {
                return fail(reasons.error());
            }
            for (const db::Row& r : *reasons) {
                item.report_reasons += (item.report_reasons.empty() ? "" : ", ") + r.text(0);
                if (r.integer(1) > 1) {
                    item.report_reasons += " \u00d7" + std::to_string(r.integer(1));
                }
            }
        }
        items.push_back(std::move(item));
    }
    return items;
}

Result<void> ModerationStore::clearReports(std::int64_t comment_id) {
    auto cleared = db_.execute("DELETE FROM comment_reports WHERE comment_id = $1", {comment_id});
    if (!cleared) {
        return fail(cleared.error());
    }
    return {};
}

Result<std::size_t> ModerationStore::commentsBy(std::int64_t reader_id) {
    auto rows = db_.query("SELECT COUNT(*) FROM comments WHERE reader_id = $1", {reader_id});
    if (!rows) {
        return fail(rows.error());
    }
    return static_cast<std::size_t>(rows->front().integer(0));
}

Result<std::vector<std::int64_t>> ModerationStore::articlesTouchedBy(std::int64_t reader_id) {
    auto touched = db_.query(
        "SELECT DISTINCT article_id FROM comments WHERE reader_id = $1 UNION "
        "SELECT DISTINCT c.article_id FROM comment_votes v JOIN comments c "
        "ON c.id = v.comment_id WHERE v.reader_id = $1",
        {reader_id});
    if (!touched) {
        return fail(touched.error());
    }
    std::vector<std::int64_t> articles;
    for (const db::Row& row : *touched) {
        articles.push_back(row.integer(0));
    }
    return articles;
}

Result<std::int64_t> ModerationStore::eraseReaderComments(std::int64_t reader_id,
                                                          std::int64_t now) {
    // Votes are counted on the comments: take this reader's back first.
    auto unvoted = db_.execute(
        "UPDATE comments SET up_votes = up_votes - (SELECT COUNT(*) FROM comment_votes v "
        "WHERE v.comment_id = comments.id AND v.reader_id = $1 AND v.value = 1), "
        "down_votes = down_votes - (SELECT COUNT(*) FROM comment_votes v WHERE "
        "v.comment_id = comments.id AND v.reader_id = $1 AND v.value = -1) "
        "WHERE id IN (SELECT comment_id FROM comment_votes WHERE reader_id = $1)",
        {reader_id});
    if (!unvoted) {
        return fail(unvoted.error());
    }
    auto emptied = db_.execute(
        "UPDATE comments SET body = '', hold_reason = '', origin = '', status = "
        "'deleted', status_at = $2 WHERE reader_id = $1 AND id IN (SELECT parent_id FROM "
        "comments WHERE parent_id IS NOT NULL AND reader_id <> $1)",
        {reader_id, now});
    if (!emptied) {
        return fail(emptied.error());
    }
    for (const char* sql : {"DELETE FROM comments WHERE reader_id = $1 AND parent_id IS NOT NULL",
                            "DELETE FROM comments WHERE reader_id = $1 AND NOT (body = '' AND "
                            "status = 'deleted' AND id IN (SELECT parent_id FROM comments WHERE "
                            "parent_id IS NOT NULL))",
                            "DELETE FROM comment_votes WHERE reader_id = $1",
                            "DELETE FROM comment_reports WHERE reader_id = $1"}) {
        if (auto r = db_.execute(sql, {reader_id}); !r) {
            return fail(r.error());
        }
    }
    return *emptied;
}

}  // namespace masthead::comments
