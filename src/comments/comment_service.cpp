#include "comments/comment_service.h"

#include <array>

#include "identity/reader_store.h"

namespace masthead::comments {
namespace {

/// The reader as the database has them now: a ban or the policy's acceptance may be newer
/// than the session's copy, and an erased reader must log in again.
Result<identity::Reader> currentReader(db::Database& tx, std::int64_t reader_id) {
    auto fresh = identity::ReaderStore(tx).byId(reader_id);
    if (!fresh && fresh.error().code == ErrorCode::kNotFound) {
        return fail(Error::forbidden("Please log in again."));
    }
    return fresh;
}

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

constexpr std::array<std::pair<ReportReason, std::string_view>, 5> kReasons{{
    {ReportReason::kSpam, "spam"},
    {ReportReason::kAbuse, "abuse"},
    {ReportReason::kHate, "hate"},
    {ReportReason::kOffTopic, "off-topic"},
    {ReportReason::kOther, "other"},
}};

}  // namespace

std::string_view toString(ReportReason reason) {
    for (const auto& [r, name] : kReasons) {
        if (r == reason) {
            return name;
        }
    }
    return "other";
}

std::optional<ReportReason> parseReportReason(std::string_view s) {
    for (const auto& [reason, name] : kReasons) {
        if (name == s) {
            return reason;
        }
    }
    return std::nullopt;
}

void CommentService::setPolicy(std::shared_ptr<const CommentPolicy> policy) {
    policy_.store(std::move(policy), std::memory_order_release);
    // Closing or opening threads changes every comment box: every thread gets a new version.
    const std::lock_guard lock(threads_mutex_);
    policy_generation_ = ++versions_;
    counts_generation_.fetch_add(1, std::memory_order_release);
}

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
    auto found = catalog_.article(input.article_id);
    if (!found) {
        return fail(found.error());
    }
    const std::shared_ptr<const content::Article> article = std::move(*found);
    if (article == nullptr) {
        return fail(Error::notFound("There is no article " + std::to_string(input.article_id) +
                                    " to comment on."));
    }
    const std::int64_t t = now();
    const auto policy = this->policy();
    const ArticleMode mode = policy->modeOf(*catalog_.sections(), *article, t);
    if (mode.mode == Mode::kClosed) {
        return fail(Error::forbidden(mode.why));
    }
    auto body = checkCommentText(input.text, rules_.max_characters);
    if (!body) {
        return fail(body.error());
    }
    const std::optional<WordMatch> word = policy->words.check(*body);
    if (word && word->rule.list == WordList::kBanned) {
        return fail(Error::rejected(
            "Your comment was not posted: it contains a word on the banned list of the Standards "
            "Board Policy (no insults, swearing or hate speech, however it is spelled). Please "
            "rephrase it."));
    }
    Comment comment;
    comment.article_id = article->id;
    comment.reader_id = reader.id;
    comment.parent_id = input.parent_id;
    comment.body = std::move(*body);
    comment.created_at = t;
    comment.author_name = reader.display_name;
    comment.author_avatar = reader.avatar_url;
    comment.origin = input.origin;
    if (word) {
        comment.status = Status::kHeld;
        comment.hold_reason =
            "suspect word \"" + word->rule.word + "\" (written \"" + word->matched + "\")";
    } else if (linkCount(comment.body) > rules_.max_links) {
        comment.status = Status::kHeld;
        comment.hold_reason = "more than " + std::to_string(rules_.max_links) +
                              (rules_.max_links == 1 ? " link" : " links");
    } else if (mode.mode == Mode::kPremoderated) {
        comment.status = Status::kPending;
        comment.hold_reason = "pre-moderated";
    }
    auto stored = db_.with([&](db::Database& db) -> Result<std::int64_t> {
        return db::inTransaction(db, [&](db::Database& tx) -> Result<std::int64_t> {
            CommentStore store(tx);
            auto fresh = currentReader(tx, reader.id);
            if (!fresh) {
                return fail(fresh.error());
            }
            if (fresh->bannedAt(t)) {
                return fail(
                    Error::forbidden(*fresh->banned_until == identity::Reader::kBannedForGood
                                         ? "You may no longer comment on this site."
                                         : "You may not comment until your ban ends (" +
                                               waitText(*fresh->banned_until - t) + " from now)."));
            }
            if (!fresh->policy_accepted_at && !input.accepts_policy) {
                return fail(Error::rejected(
                    "Please read the Standards Board Policy and tick the box to accept it before "
                    "your first comment."));
            }
            if (comment.parent_id != 0) {
                auto parent = store.byId(comment.parent_id);
                if (!parent || parent->article_id != comment.article_id || parent->parent_id != 0 ||
                    parent->status != Status::kVisible) {
                    return fail(Error::rejected(
                        "The comment you are replying to is not on this article any more, or is "
                        "itself a reply."));
                }
            }
            const std::int64_t day = std::int64_t{24} * 3600;
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
            if (rules_.per_origin_per_hour > 0) {
                auto from_origin = store.fromOriginSince(comment.origin, t - 3600);
                if (!from_origin) {
                    return fail(from_origin.error());
                }
                if (*from_origin >= rules_.per_origin_per_hour) {
                    return fail(Error::rateLimited(
                        "Too many comments have come from your network in the last hour. "
                        "Please try again later.",
                        600));
                }
            }
            if (!fresh->policy_accepted_at) {
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
            if (auto r = store.setStatus(comment_id, Status::kDeleted, now()); !r) {
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

Result<std::vector<std::pair<std::int64_t, int>>> CommentService::votesOf(
    std::int64_t reader_id, std::span<const std::int64_t> comment_ids) {
    return db_.with([&](db::Database& db) -> Result<std::vector<std::pair<std::int64_t, int>>> {
        CommentStore store(db);
        std::vector<std::pair<std::int64_t, int>> out;
        for (const std::int64_t id : comment_ids) {  // a page's worth: primary-key lookups
            auto value = store.voteOf(id, reader_id);
            if (!value) {
                return fail(value.error());
            }
            if (*value != 0) {
                out.emplace_back(id, *value);
            }
        }
        return out;
    });
}

Result<Comment> CommentService::vote(const identity::Reader& reader, std::int64_t comment_id,
                                     int value) {
    if (value < -1 || value > 1) {
        return fail(Error::invalidInput("A vote is up (1), down (-1) or taken back (0)."));
    }
    const std::int64_t t = now();
    auto voted = db_.with([&](db::Database& db) -> Result<Comment> {
        return db::inTransaction(db, [&](db::Database& tx) -> Result<Comment> {
            CommentStore store(tx);
            auto fresh = currentReader(tx, reader.id);
            if (!fresh) {
                return fail(fresh.error());
            }
            if (fresh->bannedAt(t)) {
                return fail(Error::forbidden("You may not vote while you are banned."));
            }
            auto comment = store.byId(comment_id);
            if (!comment || comment->status != Status::kVisible) {
                return fail(Error::notFound("There is no such comment to vote on."));
            }
            if (comment->reader_id == reader.id) {
                return fail(Error::forbidden("You cannot vote on your own comment."));
            }
            auto old_value = store.voteOf(comment_id, reader.id);
            if (!old_value) {
                return fail(old_value.error());
            }
            if (*old_value == value) {
                return comment;  // nothing changes: not counted against the limits
            }
            const std::int64_t day = std::int64_t{24} * 3600;
            auto act = store.voteActivity(reader.id, t - day);
            if (!act) {
                return fail(act.error());
            }
            const std::int64_t pause = rules_.between_votes.count();
            if (act->last_at != 0 && t - act->last_at < pause) {
                const std::int64_t wait = pause - (t - act->last_at);
                return fail(Error::rateLimited(
                    "Please wait " + waitText(wait) + " before your next vote.", wait));
            }
            if (act->since >= rules_.votes_per_day) {
                const std::int64_t wait = std::max<std::int64_t>(1, act->first_in_window + day - t);
                return fail(Error::rateLimited("You have voted " +
                                                   std::to_string(rules_.votes_per_day) +
                                                   " times in the last 24 hours. You can vote "
                                                   "again in " +
                                                   waitText(wait) + ".",
                                               wait));
            }
            if (auto r = store.setVote(comment_id, reader.id, *old_value, value, t); !r) {
                return fail(r.error());
            }
            return store.byId(comment_id);
        });
    });
    if (!voted) {
        return fail(voted.error());
    }
    changed(voted->article_id, 0, 0);
    return voted;
}

Result<bool> CommentService::report(const identity::Reader& reader, std::int64_t comment_id,
                                    ReportReason reason) {
    auto hidden = db_.with([&](db::Database& db) -> Result<std::optional<std::int64_t>> {
        return db::inTransaction(db, [&](db::Database& tx) -> Result<std::optional<std::int64_t>> {
            CommentStore store(tx);
            auto comment = store.byId(comment_id);
            if (!comment || comment->status != Status::kVisible) {
                return fail(Error::notFound("There is no such comment to report."));
            }
            if (comment->reader_id == reader.id) {
                return fail(
                    Error::forbidden("You cannot report your own comment; you can "
                                     "delete it."));
            }
            auto reporters = store.addReport(comment_id, reader.id, toString(reason), now());
            if (!reporters) {
                return fail(reporters.error());
            }
            if (*reporters < rules_.reports_to_hide) {
                return std::optional<std::int64_t>();
            }
            if (auto r = store.setStatus(comment_id, Status::kHeld, now(),
                                         "reported by " + std::to_string(*reporters) + " readers");
                !r) {
                return fail(r.error());
            }
            return std::optional<std::int64_t>(comment->article_id);
        });
    });
    if (!hidden) {
        return fail(hidden.error());
    }
    if (*hidden) {
        if (auto r = recount(**hidden); !r) {
            return fail(r.error());
        }
        return true;
    }
    return false;
}

Result<std::int64_t> CommentService::purgeRemoved(std::chrono::seconds keep) {
    const std::int64_t before = now() - keep.count();
    return db_.with([&](db::Database& db) {
        return db::inTransaction(
            db, [&](db::Database& tx) { return CommentStore(tx).purgeRemoved(before); });
    });
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
    return std::max(it == threads_.end() ? 0 : it->second.version, policy_generation_);
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
