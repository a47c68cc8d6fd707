#include "web/comment_views.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "comments/comment_text.h"

namespace masthead::web {
namespace {

using kainjow::mustache::data;

std::string encode(std::string_view s) {
    return boost::urls::encode(s, boost::urls::unreserved_chars);
}

SysTime secondsToTime(std::int64_t t) { return SysTime(std::chrono::seconds(t)); }

}  // namespace

std::string CommentViews::loginUrl(std::string_view provider, std::string_view return_to) {
    return "/login/" + std::string(provider) + "?return=" + encode(return_to);
}

std::string CommentViews::loginPrompt() const {
    if (providers_.empty()) {
        return demo_ ? "No login provider is configured on this demo site; use the demo sign-in "
                       "to try commenting on " +
                           site_.name + "."
                     : "No login provider is configured on this site, so readers cannot log in "
                       "to comment.";
    }
    std::string names;
    for (std::size_t i = 0; i < providers_.size(); ++i) {
        if (i > 0) {
            names += i + 1 == providers_.size() ? " or " : ", ";
        }
        names += providers_[i].label;
    }
    return "Log in to " + names + " account to connect with " + site_.name;
}

TemplateData CommentViews::providerList(std::string_view return_to) const {
    data list(data::type::list);
    for (const LoginOption& p : providers_) {
        data item;
        put(item, "id", p.id);
        put(item, "label", p.label);
        put(item, "url", loginUrl(p.id, return_to));
        list.push_back(item);
    }
    return list;
}

std::string CommentViews::boxOut(std::string_view return_to, std::string_view closed) const {
    data d;
    if (!closed.empty()) {
        put(d, "closed", std::string(closed));
        return templates_.render("comment_box_closed", d);
    }
    put(d, "lock_url", assets_.url("lock.svg"));
    put(d, "help_url", assets_.url("help.svg"));
    put(d, "prompt", loginPrompt());
    put(d, "has_providers", !providers_.empty());
    put(d, "providers", providerList(return_to));
    if (demo_) {
        put(d, "demo_url", "/login?return=" + encode(return_to));
    }
    put(d, "max", std::to_string(max_characters_));
    return templates_.render("comment_box_out", d);
}

std::string CommentViews::boxIn(const CommentForm& form) const {
    data d;
    const identity::Reader& reader = *form.reader;
    if (!reader.avatar_url.empty()) {
        put(d, "avatar", reader.avatar_url);
    }
    put(d, "name", reader.display_name);
    put(d, "provider", form.provider_label);
    if (!form.banned.empty()) {
        put(d, "banned", form.banned);
    } else if (!form.closed.empty()) {
        put(d, "banned", form.closed);  // the same place: why this reader cannot post here
    }
    put(d, "premoderated", form.premoderated);
    put(d, "csrf", form.csrf);
    put(d, "article_id", std::to_string(form.article_id));
    if (form.parent_id != 0) {
        put(d, "parent_id", std::to_string(form.parent_id));
    }
    put(d, "form_id",
        form.parent_id != 0 ? "reply-" + std::to_string(form.parent_id) : std::string("new"));
    put(d, "label", form.parent_id != 0 ? "Your reply" : "Your comment");
    put(d, "placeholder", form.parent_id != 0 ? "Write a reply" : "Write a comment");
    put(d, "policy_accepted", reader.policy_accepted_at.has_value());
    put(d, "max", std::to_string(max_characters_));
    put(d, "return_to", form.return_to);
    return templates_.render("comment_box_in", d);
}

std::string CommentViews::item(const comments::Comment& c, bool can_reply, bool member) const {
    data d;
    put(d, "id", std::to_string(c.id));
    put(d, "author", c.author_name);
    if (!c.author_avatar.empty()) {
        put(d, "avatar", c.author_avatar);
    }
    put(d, "iso", site_.time.iso(secondsToTime(c.created_at)));
    put(d, "display", site_.time.display(secondsToTime(c.created_at)));
    put(d, "body_html", comments::bodyHtml(c.body));
    put(d, "up", std::to_string(c.up_votes));
    put(d, "down", std::to_string(c.down_votes));
    put(d, "member", member);
    put(d, "csrf", std::string(kCsrfMarker));
    const bool top_level = c.parent_id == 0;
    put(d, "can_reply", can_reply && top_level);
    if (!c.replies.empty()) {
        put(d, "reply_count", std::to_string(c.replies.size()));
    }
    put(d, "has_replies", !c.replies.empty());
    if (!c.replies.empty()) {
        std::string replies;
        for (const comments::Comment& r : c.replies) {
            replies += item(r, false, member);
        }
        put(d, "replies", replies);
    }
    return templates_.render("comment", d);
}

std::string CommentViews::items(const std::vector<comments::Comment>& list, bool can_reply,
                                bool member) const {
    std::string out;
    for (const comments::Comment& c : list) {
        out += item(c, can_reply, member);
    }
    return out;
}

std::string CommentViews::section(const comments::ThreadPage& page, std::string_view article_path,
                                  std::string_view box, bool member) const {
    data d;
    if (page.visible > 0) {
        put(d, "count", std::to_string(page.visible));
    }
    put(d, "box", std::string(box));
    put(d, "has_comments", !page.comments.empty());
    put(d, "items", items(page.comments, true, member));
    if (page.pages > 1) {
        put(d, "more_url", std::string(article_path) + "/comments?page=2");
    }
    return templates_.render("comments", d);
}

std::string CommentViews::commentPage(const CommentPage& p) const {
    data d;
    put(d, "article_path", p.article_path);
    put(d, "headline", p.headline);
    put(d, "heading", "Comment by " + p.comment->author_name);
    if (!p.status_note.empty()) {
        put(d, "status_note", p.status_note);
    }
    put(d, "items", item(*p.comment, false, p.member));
    if (p.can_report) {
        put(d, "report_url", "/comments/" + std::to_string(p.comment->id) + "/report");
        put(d, "report_csrf", std::string(kCsrfMarker));
    }
    put(d, "form", p.form);
    if (!p.delete_csrf.empty()) {
        put(d, "delete_url", "/comments/" + std::to_string(p.comment->id) + "/delete");
        put(d, "csrf", p.delete_csrf);
    }
    return templates_.render("comment_page", d);
}

std::string CommentViews::threadPage(const comments::ThreadPage& page,
                                     std::string_view article_path,
                                     std::string_view headline) const {
    data d;
    const std::string base = std::string(article_path) + "/comments";
    const bool best = page.order == comments::Order::kBest;
    const std::string order_query = best ? "order=best&" : "";
    put(d, "article_path", std::string(article_path));
    put(d, "headline", std::string(headline));
    put(d, "count", std::to_string(page.visible));
    put(d, "newest_url", base);
    put(d, "best_url", base + "?order=best");
    put(d, "newest_current", !best);
    put(d, "best_current", best);
    put(d, "has_comments", !page.comments.empty());
    put(d, "items", items(page.comments, true));
    put(d, "has_pages", page.pages > 1);
    put(d, "page", std::to_string(page.page));
    put(d, "pages", std::to_string(page.pages));
    if (page.page > 1) {
        put(d, "prev_url", base + "?" + order_query + "page=" + std::to_string(page.page - 1));
    }
    if (page.page < page.pages) {
        put(d, "next_url", base + "?" + order_query + "page=" + std::to_string(page.page + 1));
    }
    return templates_.render("thread_page", d);
}

std::string CommentViews::loginPage(std::string_view return_to, std::string_view csrf,
                                    std::string_view message) const {
    data d;
    if (!message.empty()) {
        put(d, "message", std::string(message));
    }
    put(d, "site_name", site_.name);
    put(d, "has_providers", !providers_.empty());
    put(d, "providers", providerList(return_to));
    put(d, "demo", demo_);
    put(d, "csrf", std::string(csrf));
    put(d, "return_to", std::string(return_to));
    return templates_.render("login", d);
}

}  // namespace masthead::web
