#include "comments/moderation.h"

#include "identity/reader_store.h"
#include "identity/secrets.h"

namespace masthead::comments {
namespace {

Error notAllowed(identity::Role need) {
    return Error::forbidden("This needs the " + std::string(identity::toString(need)) +
                            " role or higher.");
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
    auto policy = db_.with([](db::Database& db) { return ModerationStore(db).policy(); });
    if (!policy) {
        return fail(policy.error());
    }
    service_.setPolicy(std::make_shared<const CommentPolicy>(std::move(*policy)));
    return {};
}

template <typename F>
Result<void> Moderation::logged(const identity::StaffMember& staff, const std::string& action,
                                std::int64_t comment_id, std::int64_t reader_id,
                                const std::string& detail, bool policy_changed, F&& change) {
    const std::int64_t t = now();
    auto done = db_.with([&](db::Database& db) -> Result<void> {
        return db::inTransaction(db, [&](db::Database& tx) -> Result<void> {
            if (auto r = change(tx); !r) {
                return r;
            }
            return ModerationStore(tx).logAction(t, staff.id, staff.name, action, comment_id,
                                                 reader_id, detail);
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
    const std::int64_t t = now();
    return db_.with([&](db::Database& db) { return ModerationStore(db).queue(filter, limit, t); });
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
                       return ModerationStore(tx).clearReports(comment_id);
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
        auto found = identity::ReaderStore(db).search(name, limit);
        if (!found) {
            return fail(found.error());
        }
        std::vector<ReaderSummary> out;
        for (const identity::Reader& reader : *found) {
            auto comments = ModerationStore(db).commentsBy(reader.id);
            if (!comments) {
                return fail(comments.error());
            }
            out.push_back(ReaderSummary{.id = reader.id,
                                        .provider = reader.provider,
                                        .name = reader.display_name,
                                        .created_at = reader.created_at,
                                        .comments = *comments,
                                        .banned_until = reader.banned_until,
                                        .ban_reason = reader.ban_reason});
        }
        return out;
    });
}

Result<void> Moderation::eraseReader(const identity::StaffMember& staff, std::int64_t reader_id) {
    if (!identity::allows(staff.role, identity::Role::kAdmin)) {
        return fail(notAllowed(identity::Role::kAdmin));
    }
    std::vector<std::int64_t> articles;
    auto done = logged(staff, "erase reader", 0, reader_id, "at the reader's request", false,
                       [&](db::Database& tx) -> Result<void> {
                           auto reader = identity::ReaderStore(tx).byId(reader_id);
                           if (!reader) {
                               return fail(reader.error());
                           }
                           ModerationStore store(tx);
                           auto touched = store.articlesTouchedBy(reader_id);
                           if (!touched) {
                               return fail(touched.error());
                           }
                           articles = std::move(*touched);
                           auto emptied = store.eraseReaderComments(reader_id, service_.now());
                           if (!emptied) {
                               return fail(emptied.error());
                           }
                           // A ban for good holds at their next login: the account stays, nameless.
                           // Emptied comments need an author row, one that names nobody and matches
                           // no account at the provider (a new login is a new reader). Otherwise
                           // the reader goes.
                           using Erasure = identity::ReaderStore::Erasure;
                           const Erasure how =
                               reader->banned_until == identity::Reader::kBannedForGood
                                   ? Erasure::kNameless
                               : *emptied > 0 ? Erasure::kAnonymous
                                              : Erasure::kDelete;
                           return identity::ReaderStore(tx).erase(reader_id, how);
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
                           auto id = ModerationStore(tx).addWord(rule.word, list, t);
                           if (!id) {
                               return fail(id.error());
                           }
                           rule.id = *id;
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
    return logged(staff, "word remove", 0, 0, "rule " + std::to_string(id), true,
                  [&](db::Database& tx) { return ModerationStore(tx).removeWord(id); });
}

Result<void> Moderation::setMode(const identity::StaffMember& staff, const ModeSetting& m) {
    if (!identity::allows(staff.role, identity::Role::kEditor)) {
        return fail(notAllowed(identity::Role::kEditor));
    }
    if (m.close_after_hours &&
        (*m.close_after_hours < 1 || *m.close_after_hours > std::int64_t{24} * 3650)) {
        return fail(Error::invalidInput("Comments close after 1 to 87600 hours."));
    }
    const std::string detail =
        std::string(toString(m.scope)) + (m.scope_id ? " " + std::to_string(m.scope_id) : "") +
        ": " + std::string(toString(m.mode)) +
        (m.close_after_hours ? ", closes after " + std::to_string(*m.close_after_hours) + " hours"
                             : "");
    return logged(staff, "mode", 0, 0, detail, true,
                  [&](db::Database& tx) { return ModerationStore(tx).setMode(m); });
}

Result<void> Moderation::clearMode(const identity::StaffMember& staff, Scope scope,
                                   std::int64_t scope_id) {
    if (!identity::allows(staff.role, identity::Role::kEditor)) {
        return fail(notAllowed(identity::Role::kEditor));
    }
    return logged(staff, "mode clear", 0, 0,
                  std::string(toString(scope)) + " " + std::to_string(scope_id), true,
                  [&](db::Database& tx) { return ModerationStore(tx).clearMode(scope, scope_id); });
}

Result<std::vector<LogEntry>> Moderation::log(std::size_t limit) {
    return db_.with([&](db::Database& db) { return ModerationStore(db).log(limit); });
}

}  // namespace masthead::comments
