#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <unordered_map>

#include "comments/comment.h"
#include "comments/comment_policy.h"
#include "comments/comment_store.h"
#include "comments/comment_text.h"
#include "content/catalog.h"
#include "db/shared_connection.h"
#include "identity/reader.h"
#include "util/clock.h"

namespace masthead::comments {

/// The site's comment rules; each is a setting (`comments:` in the configuration).
struct CommentRules {
    std::size_t max_characters = kMaxCommentCharacters;
    std::size_t page_size = 20;
    std::chrono::seconds between_comments{60};         ///< a reader's pause between two comments
    std::size_t per_article = 3;                       ///< per reader, deleted ones included
    std::size_t per_day = 20;                          ///< per reader, in any 24 hours
    std::size_t max_links = 1;                         ///< more links: held for a moderator
    std::chrono::seconds duplicate_window{24 * 3600};  ///< the same text again: rejected
    std::size_t per_origin_per_hour = 30;  ///< comments from one network address an hour
    std::size_t votes_per_day = 50;        ///< per reader, in any 24 hours
    std::chrono::seconds between_votes{10};
    std::size_t reports_to_hide = 3;  ///< distinct readers' reports that hide a comment
};

/// Why a reader reports a comment.
enum class ReportReason { kSpam, kAbuse, kHate, kOffTopic, kOther };
[[nodiscard]] std::string_view toString(ReportReason reason);
[[nodiscard]] std::optional<ReportReason> parseReportReason(std::string_view s);

/// What a reader sends to post a comment.
struct PostInput {
    std::int64_t article_id = 0;
    std::int64_t parent_id = 0;  ///< 0: a new top-level comment
    std::string text;
    bool accepts_policy = false;  ///< ticked "I accept the Standards Board Policy"
    std::string origin;           ///< keyed hash of the network address (per-address limits)
};

/// Comments on articles: posting under the site's rules, pages of a thread, deleting one's
/// own. Keeps, in memory, each article's visible count and a version that changes whenever
/// what readers see of its thread changes, so rendered pages can be cached until then.
/// Thread-safe.
class CommentService {
  public:
    CommentService(db::SharedConnection& db, const content::Catalog& catalog, const Clock& clock,
                   const CommentRules& rules = {})
        : db_(db), catalog_(catalog), clock_(clock), rules_(rules) {}

    /// Loads the counts of every article's thread. Call once before serving.
    [[nodiscard]] Result<void> load();

    /// Posts for `reader` (who must be allowed to comment). Errors: kInvalidInput (not UTF-8),
    /// kRejected (empty, too long, policy not accepted, bad parent), kNotFound (no such
    /// article), kForbidden (banned), kRateLimited (too soon, too many: retry_after set),
    /// kConflict (the same text again). Nothing is stored on error.
    [[nodiscard]] Result<Comment> post(const identity::Reader& reader, const PostInput& input);
    /// One page (1-based) of an article's visible comments.
    [[nodiscard]] Result<ThreadPage> page(std::int64_t article_id, Order order, std::size_t page);
    /// Sets the reader's vote on a comment: +1, -1, or 0 to take it back. One vote per reader
    /// per comment, changeable; not on one's own comment (kForbidden); votes_per_day and
    /// between_votes apply (kRateLimited). Returns the comment with its new counts.
    [[nodiscard]] Result<Comment> vote(const identity::Reader& reader, std::int64_t comment_id,
                                       int value);
    /// The reader's votes among `comment_ids` (comments they did not vote on are left out):
    /// what the shared comment list cannot show them.
    [[nodiscard]] Result<std::vector<std::pair<std::int64_t, int>>> votesOf(
        std::int64_t reader_id, std::span<const std::int64_t> comment_ids);
    /// Records a reader's report (once per reader per comment: kConflict after). When
    /// reports_to_hide distinct readers reported it, the comment is held for a moderator.
    /// Returns whether this report hid it.
    [[nodiscard]] Result<bool> report(const identity::Reader& reader, std::int64_t comment_id,
                                      ReportReason reason);
    /// The mode of an article now (open, pre-moderated, closed and why).
    [[nodiscard]] ArticleMode modeOf(const content::SectionTree& tree,
                                     const content::Teaser& article) const {
        return policy()->modeOf(tree, article, now());
    }
    /// The word lists and modes in force; setPolicy() replaces them (moderators' changes).
    [[nodiscard]] std::shared_ptr<const CommentPolicy> policy() const {
        return policy_.load(std::memory_order_acquire);
    }
    void setPolicy(std::shared_ptr<const CommentPolicy> policy);
    /// Erases comments that were deleted, hidden or rejected more than `keep` ago (kept that
    /// long for appeals). One that other readers replied to keeps an empty row, so their
    /// replies stay. Returns how many were erased or emptied.
    [[nodiscard]] Result<std::int64_t> purgeRemoved(std::chrono::seconds keep);
    /// Deletes a reader's own comment; another reader's comment is kForbidden.
    [[nodiscard]] Result<Comment> remove(const identity::Reader& reader, std::int64_t comment_id);
    /// Counts one article's thread again (after a deletion or a moderator's decision) and
    /// gives it a new version.
    [[nodiscard]] Result<void> recount(std::int64_t article_id);
    /// A comment in any state, with its visible replies when it is a top-level one.
    [[nodiscard]] Result<Comment> byId(std::int64_t comment_id);

    /// Changes whenever the article's visible thread changes (0: never had comments).
    [[nodiscard]] std::uint64_t version(std::int64_t article_id) const;
    /// Changes whenever any article's count changes (section fronts show counts).
    [[nodiscard]] std::uint64_t countsGeneration() const {
        return counts_generation_.load(std::memory_order_acquire);
    }
    /// Visible comments on the article, replies included.
    [[nodiscard]] std::size_t count(std::int64_t article_id) const;
    [[nodiscard]] const CommentRules& rules() const { return rules_; }
    /// The service's clock, in Unix seconds (bans and modes are judged by it).
    [[nodiscard]] std::int64_t now() const {
        return std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch())
            .count();
    }

  private:
    struct ThreadState {
        std::uint64_t version = 0;
        CommentStore::Counts counts;
    };
    /// Applies a known change of the counts and gives the thread a new version.
    void changed(std::int64_t article_id, int visible_delta, int top_level_delta);

    db::SharedConnection& db_;
    const content::Catalog& catalog_;
    const Clock& clock_;
    CommentRules rules_;

    mutable std::mutex threads_mutex_;
    std::unordered_map<std::int64_t, ThreadState> threads_;
    std::uint64_t policy_generation_ = 0;  ///< the version given by the last setPolicy()
    std::atomic<std::uint64_t> versions_{0};
    std::atomic<std::uint64_t> counts_generation_{0};
    std::atomic<std::shared_ptr<const CommentPolicy>> policy_{
        std::make_shared<const CommentPolicy>()};
};

}  // namespace masthead::comments
