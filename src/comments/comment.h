#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace masthead::comments {

/// Where a comment stands. Only kVisible comments are shown to readers; kPending (waiting
/// for a moderator in a pre-moderated thread) and kHeld (a rule matched) sit in the
/// moderation queue; kHidden and kRejected were taken down; kDeleted by its author.
enum class Status { kVisible, kPending, kHeld, kHidden, kRejected, kDeleted };

[[nodiscard]] std::string_view toString(Status status);
[[nodiscard]] std::optional<Status> parseStatus(std::string_view s);

enum class Order { kNewest, kBest };

struct Comment {
    std::int64_t id = 0;
    std::int64_t article_id = 0;
    std::int64_t reader_id = 0;
    std::int64_t parent_id = 0;  ///< 0: a top-level comment
    std::string body;            ///< normalised plain text
    Status status = Status::kVisible;
    std::string hold_reason;  ///< why it was held, for moderators
    std::int64_t created_at = 0;
    std::int64_t up_votes = 0;
    std::int64_t down_votes = 0;
    std::string origin;  ///< keyed hash of the network address it came from
    std::string author_name;
    std::string author_avatar;
    std::vector<Comment> replies;  ///< visible replies, oldest first (top-level only)
};

/// One page of an article's conversation: top-level comments with their replies.
struct ThreadPage {
    std::vector<Comment> comments;
    std::size_t page = 1;       ///< 1-based
    std::size_t pages = 1;      ///< at least 1
    std::size_t top_level = 0;  ///< visible top-level comments in the thread
    std::size_t visible = 0;    ///< visible comments with replies: the count shown
    Order order = Order::kNewest;
};

}  // namespace masthead::comments
