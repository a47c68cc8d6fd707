#include "comments/moderation.h"

#include <map>

#include "identity/reader_store.h"
#include "identity/secrets.h"

namespace masthead::comments {
namespace {

Error notAllowed(identity::Role need) {
    return Error::forbidden("This needs the " + std::string(identity::toString(need)) +
                            " role or higher.");
}

Result<CommentPolicy> readPolicy(db::Database& db) {
    auto words = db.query("SELECT id, word, list FROM word_rules ORDER BY id");
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
    auto modes = db.query("SELECT scope, scope_id, mode, close_after_hours FROM comment_modes");
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

}  // namespace

std::optional<Decision> parseDecision(std::string_view s) {
    if (s == "approve") {
        return Decision::kApprove;
    }
    if (s == "reject") {
        return Decision::kReject;
    }
    if (s == "hide") {
        return Decision::kHide;
    }
    if (s == "restore") {
        return Decision::kRestore;
    }
    return std::nullopt;
}

std::optional<QueueFilter> parseQueueFilter(std::string_view s) {
    if (s.empty() || s == "waiting") {
        return QueueFilter::kWaiting;
    }
    if (s == "reported") {
        return QueueFilter::kReported;
    }
    if (s == "removed") {
        return QueueFilter::kRemoved;
    }
    return std::nullopt;
}

Result<void> Moderation::loadPolicy() {
    auto policy = db_.with([](db::Database& db) { return readPolicy(db); });
    if (!policy) {
        return fail(policy.error());
    }
    service_.setPolicy(std::make_shared<const CommentPolicy>(std::move(*policy)));
    return {};
}

template <typename F>
Result<void> Moderation::logged(const identity::StaffMember& staff, std::string action,
                                std::int64_t comment_id, std::int64_t reader_id, std::string detail,
                                bool policy_changed, F&& change) {
    const std::int64_t t = now();
    auto done = db_.with([&](db::Database& db) -> Result<void> {
        return db::inTransaction(db, [&](db::Database& tx) -> Result<void> {
            if (auto r = change(tx); !r) {
                return r;
            }
            auto logged_row = tx.execute(
                "INSERT INTO moderation_log (at, staff_id, staff_name, action, comment_id, "
                "reader_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                {t, staff.id, staff.name, action,
                 comment_id ? db::Value(comment_id) : db::Value(nullptr),
                 reader_id ? db::Value(reader_id) : db::Value(nullptr), detail});
            if (!logged_row) {
                return fail(logged_row.error());
            }
            return {};
        });
    });
    if (!done) {
        return done;
    }
    if (policy_changed) {
        return loadPolicy();
    }
    return {};
}

Result<std::vector<QueueItem>> Moderation::queue(QueueFilter filter, std::size_t limit) {
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
    return db_.with([&](db::Database& db) -> Result<std::vector<QueueItem>> {
        auto rows =
            db.query("SELECT " + std::string(kCommentColumns) +
                         ", r.banned_until, "
                         "(SELECT COUNT(*) FROM comment_reports x WHERE x.comment_id = c.id) "
                         "FROM comments c JOIN readers r ON r.id = c.reader_id WHERE " +
                         where + " ORDER BY c.created_at LIMIT $1",
                     {static_cast<std::int64_t>(limit)});
        if (!rows) {
            return fail(rows.error());
        }
        std::vector<QueueItem> items;
        const std::int64_t t = now();
        for (const db::Row& row : *rows) {
            QueueItem item;
            item.comment = commentFromRow(row);
            const Comment& c = item.comment;
            item.author_banned = !row.isNull(12) && row.integer(12) > t;
            item.reports = static_cast<std::size_t>(row.integer(13));
            if (item.reports > 0) {
                auto reasons = db.query(
                    "SELECT reason, COUNT(*) FROM comment_reports WHERE comment_id = $1 "
                    "GROUP BY reason ORDER BY COUNT(*) DESC, reason",
                    {c.id});
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
    });
}

Result<Comment> Moderation::decide(const identity::StaffMember& staff, std::int64_t comment_id,
                                   Decision decision, const std::string& note) {
    auto current = service_.byId(comment_id);
    if (!current) {
        return fail(current.error());
    }
    const Status from = current->status;
    Status to = from;
    std::string action;
    switch (decision) {
        case Decision::kApprove:
            to = Status::kVisible;
            action = "approve";
            if (from != Status::kPending && from != Status::kHeld) {
                return fail(Error::conflict("Only waiting comments can be approved; this one is " +
                                            std::string(toString(from)) + "."));
            }
            break;
        case Decision::kReject:
            to = Status::kRejected;
            action = "reject";
            if (from != Status::kPending && from != Status::kHeld) {
                return fail(Error::conflict("Only waiting comments can be rejected; this one is " +
                                            std::string(toString(from)) + "."));
            }
            break;
        case Decision::kHide:
            to = Status::kHidden;
            action = "hide";
            if (from != Status::kVisible) {
                return fail(Error::conflict("Only visible comments can be hidden; this one is " +
                                            std::string(toString(from)) + "."));
            }
            break;
        case Decision::kRestore:
            to = Status::kVisible;
            action = "restore";
            if (from != Status::kHidden && from != Status::kRejected) {
                return fail(
                    Error::conflict("Only hidden or rejected comments can be restored; "
                                    "this one is " +
                                    std::string(toString(from)) + "."));
            }
            break;
    }
    const std::string reason = to == Status::kVisible ? "" : note;
    auto done =
        logged(staff, action, comment_id, current->reader_id,
               std::string(toString(from)) + " -> " + std::string(toString(to)) +
                   (note.empty() ? "" : ": " + note),
               false, [&](db::Database& tx) -> Result<void> {
                   if (auto r = CommentStore(tx).setStatus(comment_id, to, now(), reason); !r) {
                       return r;
                   }
                   // Reports were reviewed: a comment a moderator approved or
                   // restored starts again from none.
                   if (to == Status::kVisible) {
                       auto cleared = tx.execute(
                           "DELETE FROM comment_reports WHERE comment_id = $1", {comment_id});
                       if (!cleared) {
                           return fail(cleared.error());
                       }
                   }
                   return {};
               });
    if (!done) {
        return fail(done.error());
    }
    // Counts and versions: the service re-reads the thread.
    if (auto r = service_.recount(current->article_id); !r) {
        return fail(r.error());
    }
    return service_.byId(comment_id);
}

Result<void> Moderation::ban(const identity::StaffMember& staff, std::int64_t reader_id,
                             std::optional<std::chrono::seconds> length,
                             const std::string& reason) {
    const std::int64_t until = length ? now() + length->count() : identity::Reader::kBannedForGood;
    const std::string detail = (length ? "for " + std::to_string(length->count() / 86400) + " days"
                                       : std::string("for good")) +
                               (reason.empty() ? "" : ": " + reason);
    return logged(staff, "ban", 0, reader_id, detail, false, [&](db::Database& tx) {
        return identity::ReaderStore(tx).setBan(reader_id, until, reason);
    });
}

Result<void> Moderation::unban(const identity::StaffMember& staff, std::int64_t reader_id) {
    return logged(staff, "unban", 0, reader_id, "", false, [&](db::Database& tx) {
        return identity::ReaderStore(tx).setBan(reader_id, std::nullopt, "");
    });
}

Result<std::vector<ReaderSummary>> Moderation::readers(const std::string& name, std::size_t limit) {
    return db_.with([&](db::Database& db) -> Result<std::vector<ReaderSummary>> {
        auto rows = db.query(
            "SELECT r.id, r.provider, r.display_name, r.created_at, r.banned_until, r.ban_reason, "
            "(SELECT COUNT(*) FROM comments c WHERE c.reader_id = r.id) FROM readers r "
            "WHERE instr(lower(r.display_name), lower($1)) > 0 AND r.provider <> 'erased' "
            "ORDER BY r.id DESC LIMIT $2",
            {name, static_cast<std::int64_t>(limit)});
        if (!rows) {
            return fail(rows.error());
        }
        std::vector<ReaderSummary> out;
        for (const db::Row& row : *rows) {
            ReaderSummary r;
            r.id = row.integer(0);
            r.provider = row.text(1);
            r.name = row.text(2);
            r.created_at = row.integer(3);
            if (!row.isNull(4)) {
                r.banned_until = row.integer(4);
            }
            r.ban_reason = row.text(5);
            r.comments = static_cast<std::size_t>(row.integer(6));
            out.push_back(std::move(r));
        }
        return out;
    });
}

Result<void> Moderation::eraseReader(const identity::StaffMember& staff, std::int64_t reader_id) {
    if (!identity::allows(staff.role, identity::Role::kAdmin)) {
        return fail(notAllowed(identity::Role::kAdmin));
    }
    std::vector<std::int64_t> articles;
    auto done = logged(
        staff, "erase reader", 0, reader_id, "at the reader's request", false,
        [&](db::Database& tx) -> Result<void> {
            auto reader = identity::ReaderStore(tx).byId(reader_id);
            if (!reader) {
                return fail(reader.error());
            }
            auto touched = tx.query(
                "SELECT DISTINCT article_id FROM comments WHERE reader_id = $1 UNION "
                "SELECT DISTINCT c.article_id FROM comment_votes v JOIN comments c "
                "ON c.id = v.comment_id WHERE v.reader_id = $1",
                {reader_id});
            if (!touched) {
                return fail(touched.error());
            }
            for (const db::Row& row : *touched) {
                articles.push_back(row.integer(0));
            }
            // Votes are counted on the comments: take this reader's back first.
            auto unvoted = tx.execute(
                "UPDATE comments SET up_votes = up_votes - (SELECT COUNT(*) FROM comment_votes v "
                "WHERE v.comment_id = comments.id AND v.reader_id = $1 AND v.value = 1), "
                "down_votes = down_votes - (SELECT COUNT(*) FROM comment_votes v WHERE "
                "v.comment_id = comments.id AND v.reader_id = $1 AND v.value = -1) "
                "WHERE id IN (SELECT comment_id FROM comment_votes WHERE reader_id = $1)",
                {reader_id});
            if (!unvoted) {
                return fail(unvoted.error());
            }
            // Their comments that other readers replied to stay as empty, deleted rows, so the
            // replies (other readers' words) are not erased with them; every other comment,
            // vote, report and session of theirs goes.
            auto emptied = tx.execute(
                "UPDATE comments SET body = '', hold_reason = '', origin = '', status = "
                "'deleted', status_at = $2 WHERE reader_id = $1 AND id IN (SELECT parent_id FROM "
                "comments WHERE parent_id IS NOT NULL AND reader_id <> $1)",
                {reader_id, service_.now()});
            if (!emptied) {
                return fail(emptied.error());
            }
            for (const char* sql :
                 {"DELETE FROM comments WHERE reader_id = $1 AND parent_id IS NOT NULL",
                  "DELETE FROM comments WHERE reader_id = $1 AND NOT (body = '' AND "
                  "status = 'deleted' AND id IN (SELECT parent_id FROM comments WHERE "
                  "parent_id IS NOT NULL))",
                  "DELETE FROM comment_votes WHERE reader_id = $1",
                  "DELETE FROM comment_reports WHERE reader_id = $1",
                  "DELETE FROM sessions WHERE reader_id = $1"}) {
                if (auto r = tx.execute(sql, {reader_id}); !r) {
                    return fail(r.error());
                }
            }
            const bool banned_for_good = reader->banned_until == identity::Reader::kBannedForGood;
            if (banned_for_good) {
                // The account stays, nameless, so the ban holds at their next login.
                auto r = tx.execute(
                    "UPDATE readers SET display_name = '', avatar_url = '' WHERE id = $1",
                    {reader_id});
                return r ? Result<void>{} : fail(r.error());
            }
            if (*emptied > 0) {
                // The emptied comments need an author row: one that no longer names anybody
                // nor matches their account at the provider (a new login is a new reader).
                auto r = tx.execute(
                    "UPDATE readers SET provider = 'erased', subject = $2, display_name = '', "
                    "avatar_url = '', policy_accepted_at = NULL, ban_reason = '' WHERE id = $1",
                    {reader_id, identity::randomToken(16)});
                return r ? Result<void>{} : fail(r.error());
            }
            auto erased = tx.execute("DELETE FROM readers WHERE id = $1", {reader_id});
            return erased ? Result<void>{} : fail(erased.error());
        });
    if (!done) {
        return done;
    }
    for (std::int64_t article_id : articles) {
        if (auto r = service_.recount(article_id); !r) {
            return r;
        }
    }
    return {};
}

Result<WordRule> Moderation::addWord(const identity::StaffMember& staff, std::string_view word,
                                     WordList list) {
    if (!identity::allows(staff.role, identity::Role::kAdmin)) {
        return fail(notAllowed(identity::Role::kAdmin));
    }
    auto checked = checkRuleWord(word);
    if (!checked) {
        return fail(checked.error());
    }
    // Matching ignores case, width and look-alikes, so "IDIOT" is "idiot": one rule each.
    const std::string key = foldForMatching(*checked);
    for (const WordRule& existing : service_.policy()->words.rules()) {
        if (foldForMatching(existing.word) == key) {
            return fail(
                Error::conflict("\"" + *checked + "\" is on a word list already" +
                                (existing.word == *checked ? std::string(".")
                                                           : " (as \"" + existing.word + "\").")));
        }
    }
    const std::string list_name = list == WordList::kBanned ? "banned" : "suspect";
    WordRule rule;
    rule.word = *checked;
    rule.list = list;
    const std::int64_t t = now();
    auto done = logged(staff, "word add", 0, 0, list_name + " \"" + rule.word + "\"", true,
                       [&](db::Database& tx) -> Result<void> {
                           auto rows = tx.query(
                               "INSERT INTO word_rules (word, list, created_at) VALUES ($1, $2, "
                               "$3) RETURNING id",
                               {rule.word, list_name, t});
                           if (!rows) {
                               if (rows.error().code == ErrorCode::kConflict) {
                                   return fail(Error::conflict("\"" + rule.word +
                                                               "\" is on a word list already."));
                               }
                               return fail(rows.error());
                           }
                           rule.id = rows->front().integer(0);
                           return {};
                       });
    if (!done) {
        return fail(done.error());
    }
    return rule;
}

Result<void> Moderation::removeWord(const identity::StaffMember& staff, std::int64_t id) {
    if (!identity::allows(staff.role, identity::Role::kAdmin)) {
        return fail(notAllowed(identity::Role::kAdmin));
    }
    return logged(
        staff, "word remove", 0, 0, "rule " + std::to_string(id), true,
        [&](db::Database& tx) -> Result<void> {
            auto removed = tx.execute("DELETE FROM word_rules WHERE id = $1", {id});
            if (!removed) {
                return fail(removed.error());
            }
            if (*removed == 0) {
                return fail(Error::notFound("There is no word rule " + std::to_string(id) + "."));
            }
            return {};
        });
}

Result<void> Moderation::setMode(const identity::StaffMember& staff, const ModeSetting& m) {
    if (!identity::allows(staff.role, identity::Role::kEditor)) {
        return fail(notAllowed(identity::Role::kEditor));
    }
    if (m.close_after_hours && (*m.close_after_hours < 1 || *m.close_after_hours > 24 * 3650)) {
        return fail(Error::invalidInput("Comments close after 1 to 87600 hours."));
    }
    const std::string detail =
        std::string(toString(m.scope)) + (m.scope_id ? " " + std::to_string(m.scope_id) : "") +
        ": " + std::string(toString(m.mode)) +
        (m.close_after_hours ? ", closes after " + std::to_string(*m.close_after_hours) + " hours"
                             : "");
    return logged(staff, "mode", 0, 0, detail, true, [&](db::Database& tx) -> Result<void> {
        auto set = tx.execute(
            "INSERT INTO comment_modes (scope, scope_id, mode, close_after_hours) "
            "VALUES ($1, $2, $3, $4) ON CONFLICT (scope, scope_id) DO UPDATE SET "
            "mode = excluded.mode, close_after_hours = excluded.close_after_hours",
            {std::string(toString(m.scope)), m.scope_id, std::string(toString(m.mode)),
             m.close_after_hours ? db::Value(*m.close_after_hours) : db::Value(nullptr)});
        if (!set) {
            return fail(set.error());
        }
        return {};
    });
}

Result<void> Moderation::clearMode(const identity::StaffMember& staff, Scope scope,
                                   std::int64_t scope_id) {
    if (!identity::allows(staff.role, identity::Role::kEditor)) {
        return fail(notAllowed(identity::Role::kEditor));
    }
    return logged(
        staff, "mode clear", 0, 0, std::string(toString(scope)) + " " + std::to_string(scope_id),
        true, [&](db::Database& tx) -> Result<void> {
            auto r = tx.execute("DELETE FROM comment_modes WHERE scope = $1 AND scope_id = $2",
                                {std::string(toString(scope)), scope_id});
            if (!r) {
                return fail(r.error());
            }
            return {};
        });
}

Result<std::vector<LogEntry>> Moderation::log(std::size_t limit) {
    return db_.with([&](db::Database& db) -> Result<std::vector<LogEntry>> {
        auto rows = db.query(
            "SELECT id, at, staff_name, action, comment_id, reader_id, detail FROM "
            "moderation_log ORDER BY id DESC LIMIT $1",
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
    });
}

}  // namespace masthead::comments
