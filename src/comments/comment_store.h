#pragma once

#include <unordered_map>

#include "comments/comment.h"
#include "db/database.h"
#include "util/error.h"

namespace masthead::comments {

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
    [[nodiscard]] Result<void> setStatus(std::int64_t id, Status status,
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
        std::size_t since = 0;             ///< comments since `since`
        bool same_text_since = false;      ///< the same body since `since`
        std::int64_t first_in_window = 0;  ///< oldest of those counted in `since`
    };
    [[nodiscard]] Result<ReaderActivity> activity(std::int64_t reader_id, std::int64_t article_id,
                                                  std::int64_t since, const std::string& body);

  private:
    db::Database& db_;
};

}  // namespace masthead::comments
