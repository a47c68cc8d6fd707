#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.h"

namespace masthead::db {

/// One committed change that the caches of every running server must hear of: an article
/// saved (its id, and the sections it was filed under before and after), the section tree,
/// the glossary.
struct Change {
    std::int64_t seq = 0;
    std::string topic;         ///< "article", "sections", "glossary"
    std::int64_t subject = 0;  ///< the article's id; 0 when the topic has no subject
    std::string detail;        ///< topic-specific ("article": "OLD_SECTION,NEW_SECTION")
};

/// What a follower reads after the last change it saw.
struct ChangesSince {
    std::vector<Change> changes;  ///< oldest first
    /// False when changes the follower had not seen were pruned already (it was far behind),
    /// or more than the limit are waiting: it must forget everything it derived.
    bool complete = true;
    std::int64_t latest = 0;  ///< the last sequence number now, to continue from
};

/// The change log: a writer records a change in the transaction that makes it, so the entry
/// exists exactly when the change does; followers (ChangeFollower) read what came after the
/// last entry they saw. Only the newest kKept entries are kept. Stateless: each call runs on
/// the Database it is given.
///
/// Order: on SQLite, one writer at a time, so sequence numbers commit in order. (On an engine
/// with concurrent writers, sequence numbers can commit out of order; a follower there must
/// use that engine's notifications as well.)
class ChangeLog {
  public:
    static constexpr std::int64_t kKept = 100'000;

    explicit ChangeLog(Database& db) : db_(db) {}

    /// Appends a change; call it inside the writer's transaction.
    [[nodiscard]] Result<void> record(std::string_view topic, std::int64_t subject = 0,
                                      std::string_view detail = {});
    /// The changes after `seq`, at most `limit` of them.
    [[nodiscard]] Result<ChangesSince> since(std::int64_t seq, std::size_t limit);
    /// The last sequence number (0: none yet). A follower starts from here.
    [[nodiscard]] Result<std::int64_t> latest();

  private:
    Database& db_;
};

}  // namespace masthead::db
