#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "comments/comment_service.h"
#include "comments/moderation_store.h"
#include "db/shared_connection.h"
#include "identity/staff_store.h"

namespace masthead::comments {

enum class Decision { kApprove, kReject, kHide, kRestore };

[[nodiscard]] std::optional<Decision> parseDecision(std::string_view s);
[[nodiscard]] std::optional<QueueFilter> parseQueueFilter(std::string_view s);

/// A reader as moderators look them up.
struct ReaderSummary {
    std::int64_t id = 0;
    std::string provider;
    std::string name;
    std::int64_t created_at = 0;
    std::size_t comments = 0;
    std::optional<std::int64_t> banned_until;
    std::string ban_reason;
};

/// The newsroom's side of comments: the queue, decisions on comments, bans, the word lists
/// and the comment modes, each checked against the staff member's role and written to the
/// audit log in the same transaction. Thread-safe.
class Moderation {
  public:
    /// Times (decisions, bans, the log) come from the service's clock.
    Moderation(db::SharedConnection& db, CommentService& service) : db_(db), service_(service) {}

    /// Reads the word lists and modes and puts them in force. Call once at start.
    [[nodiscard]] Result<void> loadPolicy();

    [[nodiscard]] Result<std::vector<QueueItem>> queue(QueueFilter filter, std::size_t limit = 100);
    /// Approve (pending/held → visible), reject (pending/held → rejected), hide (visible →
    /// hidden), restore (hidden/rejected → visible). `note` is kept as the reason.
    [[nodiscard]] Result<Comment> decide(const identity::StaffMember& staff,
                                         std::int64_t comment_id, Decision decision,
                                         const std::string& note);
    /// Bans a reader for `length`, or for good when nullopt; `reason` is shown to them.
    [[nodiscard]] Result<void> ban(const identity::StaffMember& staff, std::int64_t reader_id,
                                   std::optional<std::chrono::seconds> length,
                                   const std::string& reason);
    [[nodiscard]] Result<void> unban(const identity::StaffMember& staff, std::int64_t reader_id);
    /// Readers whose name contains `name` (all when empty), newest first, at most `limit`.
    [[nodiscard]] Result<std::vector<ReaderSummary>> readers(const std::string& name,
                                                             std::size_t limit = 100);
    /// Erases a reader at their request (admins): their comments, votes, reports and
    /// sessions, and the account. A reader banned for good keeps a nameless account with the
    /// provider's id, so the ban still holds when they log in again.
    [[nodiscard]] Result<void> eraseReader(const identity::StaffMember& staff,
                                           std::int64_t reader_id);

    [[nodiscard]] Result<WordRule> addWord(const identity::StaffMember& staff,
                                           std::string_view word, WordList list);
    [[nodiscard]] Result<void> removeWord(const identity::StaffMember& staff, std::int64_t id);

    /// Sets the mode of the site (scope_id 0), a section or an article.
    [[nodiscard]] Result<void> setMode(const identity::StaffMember& staff,
                                       const ModeSetting& setting);
    /// Removes a section's or an article's own mode (it then follows the enclosing one).
    [[nodiscard]] Result<void> clearMode(const identity::StaffMember& staff, Scope scope,
                                         std::int64_t scope_id);

    [[nodiscard]] Result<std::vector<LogEntry>> log(std::size_t limit = 200);

    /// The moderation clock, in Unix seconds.
    [[nodiscard]] std::int64_t now() const { return service_.now(); }
    /// The word lists and modes in force.
    [[nodiscard]] std::shared_ptr<const CommentPolicy> policy() const { return service_.policy(); }

  private:
    /// Runs `change` and writes the log line in one transaction, then reloads the policy
    /// when `policy_changed`.
    template <typename F>
    [[nodiscard]] Result<void> logged(const identity::StaffMember& staff, const std::string& action,
                                      std::int64_t comment_id, std::int64_t reader_id,
                                      const std::string& detail, bool policy_changed, F&& change);

    db::SharedConnection& db_;
    CommentService& service_;
};

}  // namespace masthead::comments
