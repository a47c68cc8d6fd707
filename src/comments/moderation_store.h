#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "comments/comment.h"
#include "comments/comment_policy.h"
#include "db/database.h"
#include "util/error.h"

namespace masthead::comments {

/// A comment in the moderation queue, with what a moderator needs to decide.
struct QueueItem {
    Comment comment;
    std::size_t reports = 0;
    std::string report_reasons;  ///< "abuse ×2, spam"
    bool author_banned = false;
};

/// Which comments the queue lists.
enum class QueueFilter {
    kWaiting,   ///< pending (pre-moderation) and held (a rule matched, or reported)
    kReported,  ///< visible or held comments that readers reported
    kRemoved,   ///< hidden and rejected: to restore a wrong decision
};

/// One line of the audit log.
struct LogEntry {
    std::int64_t id = 0;
    std::int64_t at = 0;
    std::string staff_name;
    std::string action;  ///< "approve", "ban", "word add", ...
    std::int64_t comment_id = 0;
    std::int64_t reader_id = 0;
    std::string detail;
};

/// The SQL of moderation: the word lists and comment modes (comment_policy), the audit log,
/// the queue, and what erasing a reader takes from the comment tables. Stateless: each call
/// runs on the Database it is given, so Moderation chooses the transaction.
class ModerationStore {
  public:
    explicit ModerationStore(db::Database& db) : db_(db) {}

    /// The word lists and comment modes in force.
    [[nodiscard]] Result<CommentPolicy> policy();
    [[nodiscard]] Result<std::int64_t> addWord(const std::string& word, WordList list,
                                               std::int64_t at);
    /// kNotFound when there is no such rule.
    [[nodiscard]] Result<void> removeWord(std::int64_t id);
    [[nodiscard]] Result<void> setMode(const ModeSetting& mode);
    [[nodiscard]] Result<void> clearMode(Scope scope, std::int64_t scope_id);

    /// Appends a line to the audit log (comment_id and reader_id 0: none).
    [[nodiscard]] Result<void> logAction(std::int64_t at, std::int64_t staff_id,
                                         const std::string& staff_name, const std::string& action,
                                         std::int64_t comment_id, std::int64_t reader_id,
                                         const std::string& detail);
    /// The newest `limit` lines of the audit log.
    [[nodiscard]] Result<std::vector<LogEntry>> log(std::size_t limit);

    /// The oldest `limit` comments the filter selects, with their reports and whether their
    /// author is banned at `now`.
    [[nodiscard]] Result<std::vector<QueueItem>> queue(QueueFilter filter, std::size_t limit,
                                                       std::int64_t now);
    /// Forgets a comment's reports (a moderator reviewed them).
    [[nodiscard]] Result<void> clearReports(std::int64_t comment_id);

    /// How many comments a reader wrote, in any state.
    [[nodiscard]] Result<std::size_t> commentsBy(std::int64_t reader_id);
    /// The articles whose threads a reader's comments or votes are in.
    [[nodiscard]] Result<std::vector<std::int64_t>> articlesTouchedBy(std::int64_t reader_id);
    /// Takes a reader's words, votes and reports out of the comment tables: their votes come
    /// off the comments' counts, their comments go, except those other readers replied to,
    /// which stay as empty, deleted rows (the replies are other readers' words). Returns how
    /// many were kept so.
    [[nodiscard]] Result<std::int64_t> eraseReaderComments(std::int64_t reader_id,
                                                           std::int64_t now);

  private:
    db::Database& db_;
};

}  // namespace masthead::comments
