#include "comments/comment_service.h"

#include "identity/reader_store.h"

namespace masthead::comments {
namespace {

std::string waitText(std::int64_t seconds) {
    if (seconds < 120) {
        return std::to_string(seconds) + (seconds == 1 ? " second" : " seconds");
    }
    const std::int64_t minutes = (seconds + 59) / 60;
    if (minutes < 120) {
        return std::to_string(minutes) + " minutes";
    }
    return std::to_string((minutes + 59) / 60) + " hours";
}

}  // namespace

Result<void> CommentService::load() {
    auto counts = db_.with([](db::Database& db) { return CommentStore(db).countsByArticle(); });
    if (!counts) {
        return fail(counts.error());
    }
    const std::lock_guard lock(threads_mutex_);
    for (const auto& [article_id, c] : *counts) {
        threads_[article_id] = ThreadState{++versions_, c};
    }
    counts_generation_.fetch_add(1, std::memory_order_release);
    return {};
}

Result<Comment> CommentService::post(const identity::Reader& reader, const PostInput& input) {
    const auto snapshot = catalog_.snapshot();
    const content::Article* article = snapshot->article(input.article_id);
    if (article == nullptr) {
        return fail(Error::notFound("There is no article " + std::to_string(input.article_id) +
                                    " to comment on."));
    }
    const std::int64_t t = now();
    if (reader.bannedAt(t)) {
        return fail(Error::forbidden(*reader.banned_until == identity::Reader::kBannedForGood
                                         ? "You may no longer comment on this site."
                                         : "You may not comment until your ban ends (" +
                                               waitText(*reader.banned_until - t) + " from now)."));
    }
    if (!reader.policy_accepted_at && !input.accepts_policy) {
        return fail(Error::rejected(
            "Please read the Standards Board Policy and tick the box to accept it before your "
            "first comment."));
    }
    auto body = checkCommentText(input.text, rules_.max_characters);
    if (!body) {
        return fail(body.error());
    }
    Comment comment;
    comment.article_id = article->id;
    comment.reader_id = reader.id;
    comment.parent_id = input.parent_id;
    comment.body = std::move(*body);
    comment.created_at = t;
    comment.author_name = reader.display_name;
    comment.author_avatar = reader.avatar_url;
    if (linkCount(comment.body) > rules_.max_links) {
        comment.status = Status::kHeld;
        comment.hold_reason = "more than " + std::to_string(rules_.max_links) +
                              (rules_.max_links == 1 ? " link" : " links");
    }
    auto stored = db_.with([&](db::Database& db) -> Result<std::int64_t> {
        return db::inTransaction(db, [&](db::Database& tx) -> Result<std::int64_t> {
            CommentStore store(tx);
            if (comment.parent_id != 0) {
                auto parent = store.byId(comment.parent_id);
                if (!parent || parent->article_id != comment.article_id || parent->parent_id != 0 ||
                    parent->status != Status::kVisible) {
                    return fail(Error::rejected(
                        "The comment you are replying to is not on this article any more, or is "
                        "itself a reply."));
                }
            }
            const std::int64_t day = 24 * 3600;
            const std::int64_t window =
                std::max<std::int64_t>(day, rules_.duplicate_window.count());
            auto act = store.activity(reader.id, comment.article_id, t - window, comment.body);
            if (!act) {
                return fail(act.error());
            }
            const std::int64_t pause = rules_.between_comments.count();
            if (act->last_at != 0 && t - act->last_at < pause) {
                const std::int64_t wait = pause - (t - act->last_at);
                return fail(Error::rateLimited(
                    "Please wait " + waitText(wait) + " before your next comment.", wait));
            }
            if (act->on_article >= rules_.per_article) {
                return fail(
                    Error::rateLimited("You have posted " + std::to_string(rules_.per_article) +
                                           " comments on this article, the most one reader may.",
                                       day));
            }
            if (act->same_text_since) {
                return fail(Error::conflict("You posted the same comment recently."));
            }
            if (rules_.per_day > 0 && window == day && act->since >= rules_.per_day) {
                const std::int64_t wait = std::max<std::int64_t>(1, act->first_in_window + day - t);
                return fail(Error::rateLimited("You have posted " + std::to_string(rules_.per_day) +
                                                   " comments in the last 24 hours. You can post "
                                                   "again in " +
                                                   waitText(wait) + ".",
                                               wait));
            }
            if (!reader.policy_accepted_at) {
                if (auto r = identity::ReaderStore(tx).acceptPolicy(reader.id, t); !r) {
                    return fail(r.error());
                }
            }
            return store.insert(comment);
        });
    });
    if (!stored) {
        return fail(stored.error());
    }
    comment.id = *stored;
    if (comment.status == Status::kVisible) {
        changed(comment.article_id, 1, comment.parent_id == 0 ? 1 : 0);
    }
    return comment;
}

Result<ThreadPage> CommentService::page(std::int64_t article_id, Order order, std::size_t page) {
    ThreadPage result;
    result.order = order;
    result.page = page;
    {
        const std::lock_guard lock(threads_mutex_);
        if (auto it = threads_.find(article_id); it != threads_.end()) {
            result.top_level = it->second.counts.top_level;
            result.visible = it->second.counts.visible;
        }
    }
    const std::size_t size = std::max<std::size_t>(1, rules_.page_size);
    result.pages = std::max<std::size_t>(1, (result.top_level + size - 1) / size);
    if (page == 0 || page > result.pages) {
        return fail(Error::notFound("The comments have " + std::to_string(result.pages) +
                                    (result.pages == 1 ? " page." : " pages.")));
    }
    if (result.top_level == 0) {
        return result;
    }
    auto comments = db_.with([&](db::Database& db) {
        return CommentStore(db).topLevel(article_id, order, (page - 1) * size, size);
    });
    if (!comments) {
        return fail(comments.error());
    }
    result.comments = std::move(*comments);
    return result;
}

Result<Comment> CommentService::remove(const identity::Reader& reader, std::int64_t comment_id) {
    auto removed = db_.with([&](db::Database& db) -> Result<Comment> {
        CommentStore store(db);
        auto comment = store.byId(comment_id);
        if (!comment) {
            return fail(comment.error());
        }
        if (comment->reader_id != reader.id) {
            return fail(Error::forbidden("You can delete only your own comments."));
        }
        if (comment->status != Status::kDeleted) {
            if (auto r = store.setStatus(comment_id, Status::kDeleted); !r) {
                return fail(r.error());
            }
            comment->status = Status::kDeleted;
        }
        return comment;
    });
    if (!removed) {
        return fail(removed.error());
    }
    if (auto r = recount(removed->article_id); !r) {
        return fail(r.error());
    }
    return removed;
}

Result<void> CommentService::recount(std::int64_t article_id) {
    auto counts = db_.with([&](db::Database& db) { return CommentStore(db).countsOf(article_id); });
    if (!counts) {
        return fail(counts.error());
    }
    {
        const std::lock_guard lock(threads_mutex_);
        threads_[article_id] = ThreadState{++versions_, *counts};
    }
    counts_generation_.fetch_add(1, std::memory_order_release);
    return {};
}

Result<Comment> CommentService::byId(std::int64_t comment_id) {
    return db_.with([&](db::Database& db) -> Result<Comment> {
        CommentStore store(db);
        auto comment = store.byId(comment_id);
        if (!comment || comment->parent_id != 0) {
            return comment;
        }
        auto replies = store.replies(comment_id);
        if (!replies) {
            return fail(replies.error());
        }
        comment->replies = std::move(*replies);
        return comment;
    });
}

std::uint64_t CommentService::version(std::int64_t article_id) const {
    const std::lock_guard lock(threads_mutex_);
    auto it = threads_.find(article_id);
    return it == threads_.end() ? 0 : it->second.version;
}

std::size_t CommentService::count(std::int64_t article_id) const {
    const std::lock_guard lock(threads_mutex_);
    auto it = threads_.find(article_id);
    return it == threads_.end() ? 0 : it->second.counts.visible;
}

void CommentService::changed(std::int64_t article_id, int visible_delta, int top_level_delta) {
    {
        const std::lock_guard lock(threads_mutex_);
        ThreadState& state = threads_[article_id];
        state.version = ++versions_;
        const auto apply = [](std::size_t& n, int delta) {
            n = delta < 0 && static_cast<std::size_t>(-delta) > n ? 0 : n + delta;
        };
        apply(state.counts.visible, visible_delta);
        apply(state.counts.top_level, top_level_delta);
    }
    counts_generation_.fetch_add(1, std::memory_order_release);
}

}  // namespace masthead::comments
