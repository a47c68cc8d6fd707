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
        item.set("id", p.id);
        item.set("label", p.label);
        item.set("url", loginUrl(p.id, return_to));
        list.push_back(item);
    }
    return list;
}

std::string CommentViews::boxOut(std::string_view return_to, std::string_view closed) const {
    data d;
    if (!closed.empty()) {
        d.set("closed", std::string(closed));
        return templates_.render("comment_box_closed", d);
    }
    d.set("lock_url", assets_.url("lock.svg"));
    d.set("help_url", assets_.url("help.svg"));
    d.set("prompt", loginPrompt());
    d.set("has_providers", !providers_.empty());
    d.set("providers", providerList(return_to));
    if (demo_) {
        d.set("demo_url", "/login?return=" + encode(return_to));
    }
    d.set("max", std::to_string(max_characters_));
    return templates_.render("comment_box_out", d);
}

std::string CommentViews::boxIn(const CommentForm& form) const {
    data d;
    const identity::Reader& reader = *form.reader;
    if (!reader.avatar_url.empty()) {
        d.set("avatar", reader.avatar_url);
    }
    d.set("name", reader.display_name);
    d.set("provider", form.provider_label);
    if (!form.banned.empty()) {
        d.set("banned", form.banned);
    } else if (!form.closed.empty()) {
        d.set("banned", form.closed);  // the same place: why this reader cannot post here
    }
    d.set("premoderated", form.premoderated);
    d.set("csrf", form.csrf);
    d.set("article_id", std::to_string(form.article_id));
    if (form.parent_id != 0) {
        d.set("parent_id", std::to_string(form.parent_id));
    }
    d.set("form_id",
          form.parent_id != 0 ? "reply-" + std::to_string(form.parent_id) : std::string("new"));
    d.set("label", form.parent_id != 0 ? "Your reply" : "Your comment");
    d.set("placeholder", form.parent_id != 0 ? "Write a reply" : "Write a comment");
    d.set("policy_accepted", reader.policy_accepted_at.has_value());
    d.set("max", std::to_string(max_characters_));
    d.set("return_to", form.return_to);
    return templates_.render("comment_box_in", d);
}

std::string CommentViews::item(const comments::Comment& c, bool can_reply, bool member) const {
    data d;
    d.set("id", std::to_string(c.id));
    d.set("author", c.author_name);
    if (!c.author_avatar.empty()) {
        d.set("avatar", c.author_avatar);
    }
    d.set("iso", site_.time.iso(secondsToTime(c.created_at)));
    d.set("display", site_.time.display(secondsToTime(c.created_at)));
    d.set("body_html", comments::bodyHtml(c.body));
    d.set("up", std::to_string(c.up_votes));
    d.set("down", std::to_string(c.down_votes));
    d.set("member", member);
    d.set("csrf", std::string(kCsrfMarker));
    const bool top_level = c.parent_id == 0;
    d.set("can_reply", can_reply && top_level);
    if (!c.replies.empty()) {
        d.set("reply_count", std::to_string(c.replies.size()));
    }
    d.set("has_replies", !c.replies.empty());
    if (!c.replies.empty()) {
        std::string replies;
        for (const comments::Comment& r : c.replies) {
            replies += item(r, false, member);
        }
        d.set("replies", replies);
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
        d.set("count", std::to_string(page.visible));
    }
    d.set("box", std::string(box));
    d.set("has_comments", !page.comments.empty());
    d.set("items", items(page.comments, true, member));
    if (page.pages > 1) {
        d.set("more_url", std::string(article_path) + "/comments?page=2");
    }
    return templates_.render("comments", d);
}

std::string CommentViews::commentPage(const CommentPage& p) const {
    data d;
    d.set("article_path", p.article_path);
    d.set("headline", p.headline);
    d.set("heading", "Comment by " + p.comment->author_name);
    if (!p.status_note.empty()) {
        d.set("status_note", p.status_note);
    }
    d.set("items", item(*p.comment, false, p.member));
    if (p.can_report) {
        d.set("report_url", "/comments/" + std::to_string(p.comment->id) + "/report");
        d.set("report_csrf", std::string(kCsrfMarker));
    }
    d.set("form", p.form);
    if (!p.delete_csrf.empty()) {
        d.set("delete_url", "/comments/" + std::to_string(p.comment->id) + "/delete");
        d.set("csrf", p.delete_csrf);
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
    d.set("article_path", std::string(article_path));
    d.set("headline", std::string(headline));
    d.set("count", std::to_string(page.visible));
    d.set("newest_url", base);
    d.set("best_url", base + "?order=best");
    d.set("newest_current", !best);
    d.set("best_current", best);
    d.set("has_comments", !page.comments.empty());
    d.set("items", items(page.comments, true));
    d.set("has_pages", page.pages > 1);
    d.set("page", std::to_string(page.page));
    d.set("pages", std::to_string(page.pages));
    if (page.page > 1) {
        d.set("prev_url", base + "?" + order_query + "page=" + std::to_string(page.page - 1));
    }
    if (page.page < page.pages) {
        d.set("next_url", base + "?" + order_query + "page=" + std::to_string(page.page + 1));
    }
    return templates_.render("thread_page", d);
}

std::string CommentViews::loginPage(std::string_view return_to, std::string_view csrf,
                                    std::string_view message) const {
    data d;
    if (!message.empty()) {
        d.set("message", std::string(message));
    }
    d.set("site_name", site_.name);
    d.set("has_providers", !providers_.empty());
    d.set("providers", providerList(return_to));
    d.set("demo", demo_);
    d.set("csrf", std::string(csrf));
    d.set("return_to", std::string(return_to));
    return templates_.render("login", d);
}

}  // namespace masthead::web
