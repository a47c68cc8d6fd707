#pragma once

#include <unordered_map>

#include "comments/comment.h"
#include "db/database.h"
#include "util/error.h"

namespace masthead::comments {

/// Columns that commentFromRow() reads, in its order: `SELECT ` + kCommentColumns + ` FROM
/// comments c JOIN readers r ON r.id = c.reader_id ...`.
inline constexpr std::string_view kCommentColumns =
    "c.id, c.article_id, c.reader_id, c.parent_id, c.body, c.status, c.hold_reason, "
    "c.created_at, c.up_votes, c.down_votes, r.display_name, r.avatar_url";
/// A comment from the first columns of a row selected with kCommentColumns.
[[nodiscard]] Comment commentFromRow(const db::Row& row);

/// Comments in SQL. Not thread-safe (one connection); CommentService serialises access.
class CommentStore {
  public:
    explicit CommentStore(db::Database& db) : db_(db) {}

    /// Stores a new comment; returns its id.
    [[nodiscard]] Result<std::int64_t> insert(const Comment& comment);
    /// The comment with its author's name, or kNotFound.
    [[nodiscard]] Result<Comment> byId(std::int64_t id);
    /// Visible top-level comments of an article, `limit` from `offset`, with their visible
    /// replies.
    [[nodiscard]] Result<std::vector<Comment>> topLevel(std::int64_t article_id, Order order,
                                                        std::size_t offset, std::size_t limit);
    /// Visible replies of a comment, oldest first.
    [[nodiscard]] Result<std::vector<Comment>> replies(std::int64_t parent_id);
    /// Sets the state (at `now`, kept as status_at) and the reason.
    [[nodiscard]] Result<void> setStatus(std::int64_t id, Status status, std::int64_t now,
                                         const std::string& hold_reason = {});
    /// Visible comments per article (replies of visible comments included) and visible
    /// top-level ones.
    struct Counts {
        std::size_t visible = 0;
        std::size_t top_level = 0;
    };
    [[nodiscard]] Result<std::unordered_map<std::int64_t, Counts>> countsByArticle();
    [[nodiscard]] Result<Counts> countsOf(std::int64_t article_id);

    /// What the anti-abuse rules ask about a reader's recent comments.
    struct ReaderActivity {
        std::int64_t last_at = 0;          ///< newest comment anywhere (0: none)
        std::size_t on_article = 0;        ///< comments on this article, deleted included
        std::size_t since = 0;             ///< comments after `since`
        bool same_text_since = false;      ///< the same body after `since`
        std::int64_t first_in_window = 0;  ///< oldest of those counted in `since`
    };
    [[nodiscard]] Result<ReaderActivity> activity(std::int64_t reader_id, std::int64_t article_id,
                                                  std::int64_t since, const std::string& body);

    /// Comments from one origin (network address key) after `since`.
    [[nodiscard]] Result<std::size_t> fromOriginSince(const std::string& origin,
                                                      std::int64_t since);

    /// The reader's vote on a comment (+1, -1) or 0.
    [[nodiscard]] Result<int> voteOf(std::int64_t comment_id, std::int64_t reader_id);
    struct VoteActivity {
        std::int64_t last_at = 0;  ///< newest vote cast or changed (0: none)
        std::size_t since = 0;     ///< votes cast or changed after `since`
        std::int64_t first_in_window = 0;
    };
    [[nodiscard]] Result<VoteActivity> voteActivity(std::int64_t reader_id, std::int64_t since);
    /// Replaces the reader's vote `old_value` by `value` (either may be 0) and keeps the
    /// comment's up/down counts in step.
    [[nodiscard]] Result<void> setVote(std::int64_t comment_id, std::int64_t reader_id,
                                       int old_value, int value, std::int64_t now);
    /// Adds a report; kConflict when this reader reported the comment before. Returns the
    /// number of distinct readers who reported it.
    [[nodiscard]] Result<std::size_t> addReport(std::int64_t comment_id, std::int64_t reader_id,
                                                std::string_view reason, std::int64_t now);

    /// Erases comments deleted, hidden or rejected before `before`: replies first, then what
    /// nobody replied to; a removed comment with replies left loses its words but keeps its
    /// row. Returns how many rows were erased or emptied. Call it in a transaction.
    [[nodiscard]] Result<std::int64_t> purgeRemoved(std::int64_t before);

  private:
    db::Database& db_;
};

}  // namespace masthead::comments
