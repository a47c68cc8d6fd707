#include "web/comment_handlers.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "comments/comment_text.h"
#include "util/text.h"
#include "web/page_versions.h"

namespace masthead::web {
namespace {

constexpr std::string_view kPersonalCacheControl = "private, no-store";
constexpr std::string_view kUnavailable =
    "Comments are not available right now. Please try again in a minute.";

std::optional<comments::Order> orderOf(const http::Request& request) {
    const auto raw = request.queryParam("order");
    if (!raw || *raw == "newest") {
        return comments::Order::kNewest;
    }
    if (*raw == "best") {
        return comments::Order::kBest;
    }
    return std::nullopt;
}

std::optional<std::size_t> pageOf(const http::Request& request) {
    const auto raw = request.queryParam("page");
    if (!raw) {
        return 1;
    }
    const auto id = text::positiveId(*raw);
    if (!id) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(*id);
}

nlohmann::json commentJson(const comments::Comment& c, const SiteTime& time) {
    nlohmann::json j{
        {"id", c.id},
        {"article_id", c.article_id},
        {"parent_id", c.parent_id == 0 ? nlohmann::json(nullptr) : nlohmann::json(c.parent_id)},
        {"author", c.author_name},
        {"avatar", c.author_avatar},
        {"created_at", time.iso(SysTime(std::chrono::seconds(c.created_at)))},
        {"body", c.body},
        {"status", std::string(comments::toString(c.status))},
        {"up_votes", c.up_votes},
        {"down_votes", c.down_votes}};
    if (c.parent_id == 0) {
        nlohmann::json replies = nlohmann::json::array();
        for (const comments::Comment& r : c.replies) {
            replies.push_back(commentJson(r, time));
        }
        j["replies"] = std::move(replies);
    }
    return j;
}

http::Response json(int status, const nlohmann::json& body, std::string cache_control) {
    return http::Response::of(
        status,
        http::Entity::makeOnce("application/json; charset=utf-8",
                               body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                               std::move(cache_control)));
}

}  // namespace

http::Response CommentHandlers::page(int status, std::string body, bool personal) const {
    return http::Response::of(
        status, personal ? http::Entity::makeOnce("text/html; charset=utf-8", std::move(body),
                                                  std::string(kPersonalCacheControl))
                         : http::Entity::make("text/html; charset=utf-8", std::move(body),
                                              "public, no-cache"));
}

http::Response CommentHandlers::failure(const http::Request& request, const Error& error,
                                        std::string_view back_url) const {
    return errors_.answer(request, error, kUnavailable,
                          {back_url, back_url.empty() ? "" : "Back to the article"});
}

std::string CommentHandlers::articlePath(std::int64_t article_id) const {
    auto article = catalog_.article(article_id);
    return article && *article ? catalog_.sections()->pathOf(**article) : std::string();
}

http::Response CommentHandlers::post(const http::Request& request, const Visitor& visitor) {
    // (its route's guard checked the origin, the reader's session and the CSRF token)
    const auto form = request.form();
    if (!form) {
        return failure(request, Error::invalidInput("A comment must be sent as a form "
                                                    "(application/x-www-form-urlencoded, UTF-8)."));
    }
    const auto article_id = text::positiveId(http::field(*form, "article"));
    if (!article_id) {
        return failure(request, Error::invalidInput("The form does not say which article the "
                                                    "comment is for (field \"article\")."));
    }
    std::int64_t parent_id = 0;
    if (const std::string_view parent = http::field(*form, "parent"); !parent.empty()) {
        const auto id = text::positiveId(parent);
        if (!id) {
            return failure(request,
                           Error::invalidInput("The field \"parent\" must be a comment's number."));
        }
        parent_id = *id;
    }
    const std::string article_path = articlePath(*article_id);
    const std::string back = article_path.empty() ? "" : article_path + "#comments";
    comments::PostInput input;
    input.article_id = *article_id;
    input.parent_id = parent_id;
    input.text = std::string(http::field(*form, "body"));
    input.accepts_policy = http::field(*form, "accept_policy") == "1";
    input.origin = sessions_.originKey(request.remote);
    auto posted = service_.post(*visitor.reader(), input);
    if (!posted) {
        return failure(request, posted.error(), back);
    }
    if (!visitor.reader()->policy_accepted_at) {
        sessions_.forget(visitor.cookie);  // the next page shows the policy as accepted
    }
    if (wantsJson(request)) {
        return json(201,
                    {{"comment", commentJson(*posted, site_.time)},
                     {"count", service_.count(posted->article_id)}},
                    "no-store");
    }
    // Back to the comment: on the article page when it is shown there, else on its own page
    // (which tells its author why a held comment is not shown yet).
    const std::string location = posted->status == comments::Status::kVisible && parent_id == 0
                                     ? article_path + "#comment-" + std::to_string(posted->id)
                                     : "/comments/" +
                                           std::to_string(parent_id != 0 ? parent_id : posted->id) +
                                           "#comment-" + std::to_string(posted->id);
    return http::Response::of(303, nullptr).with("Location", location);
}

http::Response CommentHandlers::remove(const http::Request& request, const Visitor& visitor) {
    const auto id = text::positiveId(request.param("id"));
    if (!id) {
        return failure(request, Error::notFound("There is no such comment."));
    }
    auto removed = service_.remove(*visitor.reader(), *id);
    if (!removed) {
        return failure(request, removed.error());
    }
    if (wantsJson(request)) {
        return json(200, {{"deleted", removed->id}, {"count", service_.count(removed->article_id)}},
                    "no-store");
    }
    const std::string article_path = articlePath(removed->article_id);
    return http::Response::of(303, nullptr)
        .with("Location", article_path.empty() ? "/" : article_path + "#comments");
}

http::Response CommentHandlers::vote(const http::Request& request, const Visitor& visitor) {
    const auto id = text::positiveId(request.param("id"));
    const auto form = request.form();
    const std::string_view raw = form ? http::field(*form, "value") : std::string_view();
    const int value = raw == "1" ? 1 : raw == "-1" ? -1 : raw == "0" ? 0 : 2;
    if (!id || value == 2) {
        return failure(request,
                       Error::invalidInput("A vote needs a comment and a value of 1, -1 or 0."));
    }
    auto voted = service_.vote(*visitor.reader(), *id, value);
    if (!voted) {
        return failure(request, voted.error());
    }
    if (wantsJson(request)) {
        return json(
            200,
            {{"id", voted->id}, {"up_votes", voted->up_votes}, {"down_votes", voted->down_votes}},
            "no-store");
    }
    const std::string article_path = articlePath(voted->article_id);
    return http::Response::of(303, nullptr)
        .with("Location", (article_path.empty() ? std::string("/") : article_path) + "#comment-" +
                              std::to_string(voted->id));
}

http::Response CommentHandlers::report(const http::Request& request, const Visitor& visitor) {
    const auto id = text::positiveId(request.param("id"));
    const auto form = request.form();
    const auto reason =
        comments::parseReportReason(form ? http::field(*form, "reason") : std::string_view());
    if (!id || !reason) {
        return failure(
            request, Error::invalidInput("A report needs a reason: spam, abuse, hate, off-topic or "
                                         "other."));
    }
    auto reported = service_.report(*visitor.reader(), *id, *reason);
    if (!reported) {
        return failure(request, reported.error());
    }
    if (wantsJson(request)) {
        return json(200, {{"id", *id}, {"reported", true}, {"hidden", *reported}}, "no-store");
    }
    if (*reported) {
        // The report hid the comment: its page is gone for readers; back to the article.
        auto hidden = service_.byId(*id);
        const std::string article_path = hidden ? articlePath(hidden->article_id) : "";
        return http::Response::of(303, nullptr)
            .with("Location", article_path.empty() ? "/" : article_path + "#comments");
    }
    return http::Response::of(303, nullptr)
        .with("Location", "/comments/" + std::to_string(*id) + "?reported=1");
}

http::Response CommentHandlers::comment(const http::Request& request, const Visitor& visitor) {
    const auto id = text::positiveId(request.param("id"));
    if (!id) {
        return failure(request, Error::notFound("There is no such comment."));
    }
    auto found = service_.byId(*id);
    if (!found) {
        return failure(request, found.error());
    }
    const identity::Reader* reader = visitor.reader();
    const bool mine = reader != nullptr && reader->id == found->reader_id;
    const auto tree = catalog_.sections();
    auto article = catalog_.article(found->article_id);
    if (!article) {
        return failure(request, article.error());
    }
    if (*article == nullptr || (found->status != comments::Status::kVisible && !mine)) {
        return failure(request, Error::notFound("There is no such comment."));
    }
    const comments::Comment& shown = *found;
    CommentViews::CommentPage p;
    p.comment = &shown;
    p.article_path = tree->pathOf(**article);
    p.headline = (*article)->headline;
    switch (shown.status) {
        case comments::Status::kVisible:
            break;
        case comments::Status::kHeld:
            p.status_note = "Your comment is waiting for a moderator (" + shown.hold_reason +
                            "). Readers will see it once it is approved.";
            break;
        case comments::Status::kPending:
            p.status_note =
                "Comments on this article are checked before they appear. Yours is "
                "waiting for a moderator.";
            break;
        case comments::Status::kHidden:
        case comments::Status::kRejected:
            p.status_note =
                "A moderator took this comment down" +
                (shown.hold_reason.empty() ? std::string(".") : ": " + shown.hold_reason + ".");
            break;
        case comments::Status::kDeleted:
            p.status_note = "You deleted this comment.";
            break;
    }
    const std::string here = "/comments/" + std::to_string(shown.id);
    if (shown.parent_id == 0 && shown.status == comments::Status::kVisible) {
        p.form = "<h2 id=\"reply\" class=\"comments-heading\">Reply</h2>\n" +
                 (reader ? section_.formFor(visitor, *tree, **article, shown.id, here)
                         : views_.boxOut(here + "#reply", section_.closedWhy(*tree, **article)));
    }
    if (mine && shown.status != comments::Status::kDeleted) {
        p.delete_csrf = std::string(visitor.csrf());
    }
    p.member = reader != nullptr;
    p.can_report = reader != nullptr && !mine && shown.status == comments::Status::kVisible;
    if (request.queryParam("reported") && p.status_note.empty()) {
        p.status_note = "Thank you. The moderators will look at this comment.";
    }
    PageRenderer::PlainPage plain;
    plain.title = "Comment by " + shown.author_name;
    plain.canonical_path = here;
    plain.body_class = "page-comment";
    plain.noindex = shown.status != comments::Status::kVisible;
    plain.scripts = {"comments.js"};
    plain.content = views_.commentPage(p);
    if (reader != nullptr) {
        plain.content = withCsrfToken(plain.content, visitor.csrf());
    }
    return page(200, renderer_.plain(*tree, plain), reader != nullptr);
}

std::optional<http::Response> CommentHandlers::thread(const http::Request& request) {
    const auto tree = catalog_.sections();
    const std::string path = "/" + std::string(request.param("path"));
    auto found = catalog_.articleAt(*tree, path);
    if (!found) {
        return failure(request, found.error());
    }
    if (*found == nullptr) {
        return std::nullopt;
    }
    const std::shared_ptr<const content::Article> article = std::move(*found);
    const auto order = orderOf(request);
    const auto number = pageOf(request);
    if (!order || !number) {
        return failure(request,
                       Error::invalidInput("Use ?page=N (a whole number from 1) and "
                                           "?order=newest or ?order=best."),
                       path + "#comments");
    }
    const std::string key = path + "/comments?" +
                            (*order == comments::Order::kBest ? "best" : "newest") + "&" +
                            std::to_string(*number);
    const std::uint64_t generation = pageGeneration(
        {tree->generation(), static_cast<std::uint64_t>(article->id),
         static_cast<std::uint64_t>(article->revision), service_.version(article->id)});
    std::optional<Error> error;
    auto entity = cache_.get(key, generation, [&]() -> std::shared_ptr<const http::Entity> {
        auto thread = service_.page(article->id, *order, *number);
        if (!thread) {
            error = thread.error();
            return nullptr;
        }
        PageRenderer::PlainPage plain;
        plain.title = "Comments on " + article->headline;
        plain.canonical_path = path + "/comments";
        plain.body_class = "page-comments";
        plain.noindex = *number > 1 || *order != comments::Order::kNewest;
        plain.content = views_.threadPage(*thread, path, article->headline);
        return http::Entity::make("text/html; charset=utf-8", renderer_.plain(*tree, plain),
                                  "public, no-cache");
    });
    if (!entity) {
        return failure(request, error.value_or(Error::internal("no page")), path + "#comments");
    }
    return http::Response::of(200, std::move(entity));
}

http::Response CommentHandlers::myVotes(const http::Request& request, const Visitor& visitor) {
    constexpr std::size_t kMaxIds = 200;
    std::vector<std::int64_t> ids;
    bool bad = false;
    if (const auto raw = request.queryParam("ids"); raw && !raw->empty()) {
        for (std::string_view part : text::split(*raw, ',')) {
            const auto id = text::positiveId(part);
            bad = bad || !id;
            if (id) {
                ids.push_back(*id);
            }
        }
    }
    if (bad || ids.empty() || ids.size() > kMaxIds) {
        return ErrorPages::json(400, "Use ?ids= with 1 to " + std::to_string(kMaxIds) +
                                         " comment numbers, separated by commas.");
    }
    auto votes = service_.votesOf(visitor.reader()->id, ids);
    if (!votes) {
        return errors_.answer(request, votes.error(), "Votes are not available right now.");
    }
    nlohmann::json mine = nlohmann::json::object();
    for (const auto& [id, value] : *votes) {
        mine[std::to_string(id)] = value;
    }
    return json(200, {{"votes", std::move(mine)}}, std::string(kPersonalCacheControl));
}

http::Response CommentHandlers::api(const http::Request& request) {
    const auto raw = request.queryParam("article");
    const auto article_id = raw ? text::positiveId(*raw) : std::nullopt;
    const auto order = orderOf(request);
    const auto number = pageOf(request);
    if (!article_id || !order || !number) {
        return ErrorPages::json(400,
                                "Use ?article=ID (required), ?page=N (from 1) and ?order=newest "
                                "or ?order=best.");
    }
    auto article = catalog_.article(*article_id);
    if (!article) {
        return errors_.answer(request, article.error(), kUnavailable);
    }
    if (*article == nullptr) {
        return ErrorPages::json(404, "There is no article " + std::to_string(*article_id) + ".");
    }
    const std::string key = "\x01api/comments?" + std::to_string(*article_id) + "&" +
                            (*order == comments::Order::kBest ? "best" : "newest") + "&" +
                            std::to_string(*number);
    std::optional<Error> error;
    auto entity = cache_.get(
        key, service_.version(*article_id), [&]() -> std::shared_ptr<const http::Entity> {
            auto thread = service_.page(*article_id, *order, *number);
            if (!thread) {
                error = thread.error();
                return nullptr;
            }
            nlohmann::json list = nlohmann::json::array();
            for (const comments::Comment& c : thread->comments) {
                list.push_back(commentJson(c, site_.time));
            }
            const nlohmann::json body{
                {"article_id", *article_id},
                {"count", thread->visible},
                {"page", thread->page},
                {"pages", thread->pages},
                {"order", *order == comments::Order::kBest ? "best" : "newest"},
                {"comments", std::move(list)}};
            return http::Entity::make(
                "application/json; charset=utf-8",
                body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                "public, no-cache");
        });
    if (!entity) {
        return errors_.answer(request, error.value_or(Error::internal("no page")), kUnavailable);
    }
    return http::Response::of(200, std::move(entity));
}

}  // namespace masthead::web
