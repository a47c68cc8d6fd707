#include "web/admin_handlers.h"

#include <charconv>

#include "comments/comment_text.h"
#include "identity/secrets.h"
#include "util/text.h"

namespace masthead::web {
namespace {

using kainjow::mustache::data;

constexpr long long kStaffSessionSeconds = 12LL * 3600;
constexpr std::string_view kUnavailable = "Moderation is not available right now.";

std::string queueUrl(std::string_view filter) {
    return filter == "reported" || filter == "removed"
               ? "/admin/comments?filter=" + std::string(filter)
               : std::string("/admin/comments");
}

}  // namespace

http::Response AdminHandlers::failure(int status, std::string_view message,
                                      std::string_view back) const {
    return errors_.page(status, message, {back, "Go back"});
}

http::Response AdminHandlers::page(const Visitor& staff, std::string title,
                                   std::string_view current, TemplateData d,
                                   std::string_view template_name) const {
    const identity::StaffMember& member = *staff.staff();
    data nav;
    nav.set("csrf", std::string(staff.csrf()));
    nav.set("name", member.name);
    nav.set("role", std::string(identity::toString(member.role)));
    nav.set("editor", identity::allows(member.role, identity::Role::kEditor));
    nav.set("admin", identity::allows(member.role, identity::Role::kAdmin));
    nav.set(std::string(current), true);
    d.set("nav", templates_.render("admin_nav", nav));
    d.set("csrf", std::string(staff.csrf()));
    PageRenderer::PlainPage plain;
    plain.title = std::move(title);
    plain.canonical_path = "/admin/comments";
    plain.body_class = "page-admin";
    plain.noindex = true;
    plain.content = templates_.render(template_name, d);
    const auto tree = catalog_.sections();
    return http::Response::of(
        200, http::Entity::makeOnce("text/html; charset=utf-8", renderer_.plain(*tree, plain),
                                    "no-store"));
}

http::Response AdminHandlers::done(const http::Request& request, std::string_view fallback,
                                   const Result<void>& result) const {
    if (!result) {
        return errors_.answer(request, result.error(), kUnavailable, {fallback, "Go back"});
    }
    return http::Response::of(303, nullptr).with("Location", std::string(fallback));
}

http::Response AdminHandlers::loginPage(const http::Request& request) {
    std::string pre(request.cookie(kPreSessionCookie));
    const bool fresh = !sessions_.checkPreSession(pre, sessions_.preSessionToken(pre));
    if (fresh) {
        pre = identity::randomToken(32);
    }
    data d;
    d.set("csrf", sessions_.preSessionToken(pre));
    PageRenderer::PlainPage plain;
    plain.title = "Staff login";
    plain.canonical_path = "/admin/login";
    plain.body_class = "page-admin";
    plain.noindex = true;
    plain.content = templates_.render("admin_login", d);
    const auto tree = catalog_.sections();
    auto response =
        http::Response::of(200, http::Entity::makeOnce("text/html; charset=utf-8",
                                                       renderer_.plain(*tree, plain), "no-store"));
    if (fresh) {
        response.with("Set-Cookie", cookies_.set(kPreSessionCookie, pre, 3600));
    }
    return response;
}

http::Response AdminHandlers::login(const http::Request& request, const Visitor&) {
    // (its route's guard checked the origin and the login form's token)
    const http::FormFields form = request.fields();
    const std::string name(http::field(form, "name"));
    const std::string_view password = http::field(form, "password");
    if (const long long wait = throttle_.wait(name, request.remote); wait > 0) {
        auto response = failure(429,
                                "Too many failed logins. Try again in " +
                                    std::to_string((wait + 59) / 60) + " minutes.",
                                "/admin/login");
        response.with("Retry-After", std::to_string(wait));
        return response;
    }
    auto member =
        db_.with([&](db::Database& db) { return identity::StaffStore(db).verify(name, password); });
    if (!member) {
        if (member.error().code != ErrorCode::kForbidden) {
            return failure(503, "Logging in is not possible right now.", "/admin/login");
        }
        throttle_.failed(name, request.remote);
        return failure(403, "Wrong name or password.", "/admin/login");
    }
    throttle_.succeeded(name);
    auto cookie = sessions_.open(0, member->id, request.cookie(kStaffCookie));
    if (!cookie) {
        return failure(503, "Logging in is not possible right now.", "/admin/login");
    }
    return http::Response::of(303, nullptr)
        .with("Location", "/admin/comments")
        .with("Set-Cookie",
              cookies_.set(kStaffCookie, *cookie, kStaffSessionSeconds, "/admin", "Strict"))
        .with("Set-Cookie", cookies_.clear(kPreSessionCookie));
}

http::Response AdminHandlers::logout(const http::Request&, const Visitor& staff) {
    (void)sessions_.close(staff.cookie);
    return http::Response::of(303, nullptr)
        .with("Location", "/admin/login")
        .with("Set-Cookie", cookies_.clear(kStaffCookie, "/admin"));
}

http::Response AdminHandlers::queue(const http::Request& request, const Visitor& staff) {
    const std::string filter_name = request.queryParam("filter").value_or("waiting");
    const auto filter = comments::parseQueueFilter(filter_name);
    if (!filter) {
        return failure(400, "The filter is waiting, reported or removed.");
    }
    auto items = moderation_.queue(*filter);
    if (!items) {
        return failure(503, kUnavailable);
    }
    const auto tree = catalog_.sections();
    data list(data::type::list);
    for (const comments::QueueItem& item : *items) {
        const comments::Comment& c = item.comment;
        data d;
        d.set("id", std::to_string(c.id));
        d.set("reader_id", std::to_string(c.reader_id));
        d.set("author", c.author_name);
        d.set("banned", item.author_banned);
        const auto article = catalog_.article(c.article_id);
        d.set("article_path", article && *article ? tree->pathOf(**article) : std::string("/"));
        d.set("headline",
              article && *article ? (*article)->headline : std::string("(an unpublished article)"));
        const SysTime at{std::chrono::seconds(c.created_at)};
        d.set("iso", site_.time.iso(at));
        d.set("display", site_.time.display(at));
        d.set("status", std::string(comments::toString(c.status)));
        if (!c.hold_reason.empty()) {
            d.set("why", c.hold_reason);
        }
        if (item.reports > 0) {
            d.set("reports", std::to_string(item.reports));
            d.set("reasons", item.report_reasons);
        }
        d.set("body_html", comments::bodyHtml(c.body));
        d.set("filter", filter_name);
        d.set("csrf", std::string(staff.csrf()));
        data actions(data::type::list);
        const auto action = [&](std::string_view name, std::string_view label) {
            data a;
            a.set("id", std::to_string(c.id));
            a.set("action", std::string(name));
            a.set("label", std::string(label));
            a.set("csrf", std::string(staff.csrf()));
            a.set("filter", filter_name);
            actions.push_back(a);
        };
        switch (c.status) {
            case comments::Status::kPending:
            case comments::Status::kHeld:
                action("approve", "Approve");
                action("reject", "Reject");
                break;
            case comments::Status::kVisible:
                action("hide", "Hide");
                break;
            case comments::Status::kHidden:
            case comments::Status::kRejected:
                action("restore", "Restore");
                break;
            case comments::Status::kDeleted:
                break;
        }
        d.set("actions", actions);
        list.push_back(d);
    }
    data d;
    d.set("items", list);
    d.set("has_items", !items->empty());
    d.set(filter_name, true);
    return page(staff, "Comment queue", "queue", std::move(d), "admin_queue");
}

http::Response AdminHandlers::decide(const http::Request& request, const Visitor& staff) {
    const auto id = text::positiveId(request.param("id"));
    const auto decision = comments::parseDecision(request.param("decision"));
    if (!id || !decision) {
        return failure(404, "There is no such comment or decision.");
    }
    const http::FormFields form = request.fields();
    const std::string back = queueUrl(http::field(form, "filter"));
    auto decided =
        moderation_.decide(*staff.staff(), *id, *decision, std::string(http::field(form, "note")));
    return done(request, back, decided ? Result<void>() : Result<void>(fail(decided.error())));
}

http::Response AdminHandlers::ban(const http::Request& request, const Visitor& staff) {
    const auto id = text::positiveId(request.param("id"));
    if (!id) {
        return failure(404, "There is no such reader.");
    }
    const http::FormFields form = request.fields();
    const std::string_view days = http::field(form, "days");
    std::optional<std::chrono::seconds> length;
    if (days != "forever") {
        const auto n = text::positiveId(days);
        if (!n || *n > 3650) {
            return failure(400, "A ban lasts 1 to 3650 days, or for good.");
        }
        length = std::chrono::seconds(*n * 86400);
    }
    auto reason = comments::normalizeComment(http::field(form, "reason"));
    if (!reason || reason->size() > 600) {
        return failure(400, "The reason must be plain text of at most 200 characters.");
    }
    auto banned = moderation_.ban(*staff.staff(), *id, length, *reason);
    sessions_.forget();  // the reader's pages show the ban at once
    return done(request, queueUrl(http::field(form, "filter")), banned);
}

http::Response AdminHandlers::unban(const http::Request& request, const Visitor& staff) {
    const auto id = text::positiveId(request.param("id"));
    if (!id) {
        return failure(404, "There is no such reader.");
    }
    const http::FormFields form = request.fields();
    const std::string back = http::field(form, "back") == "readers"
                                 ? std::string("/admin/readers")
                                 : queueUrl(http::field(form, "filter"));
    auto lifted = moderation_.unban(*staff.staff(), *id);
    sessions_.forget();
    return done(request, back, lifted);
}

http::Response AdminHandlers::readers(const http::Request& request, const Visitor& staff) {
    const std::string name = request.queryParam("name").value_or("");
    if (name.size() > 256 || text::firstInvalidUtf8(name)) {
        return failure(400, "Search for a name of at most 64 characters.", "/admin/readers");
    }
    auto found = moderation_.readers(name);
    if (!found) {
        return failure(503, kUnavailable);
    }
    const std::int64_t now = moderation_.now();
    data list(data::type::list);
    for (const comments::ReaderSummary& r : *found) {
        data d;
        d.set("id", std::to_string(r.id));
        d.set("name", r.name.empty() ? std::string("(erased)") : r.name);
        d.set("provider", r.provider);
        const SysTime since{std::chrono::seconds(r.created_at)};
        d.set("iso", site_.time.iso(since));
        d.set("display", site_.time.displayDate(since));
        d.set("comments", std::to_string(r.comments));
        const bool banned = r.banned_until && *r.banned_until > now;
        d.set("banned", banned);
        d.set("ban", !banned ? std::string()
                     : *r.banned_until == identity::Reader::kBannedForGood
                         ? "for good" + (r.ban_reason.empty() ? "" : ": " + r.ban_reason)
                         : "until " +
                               site_.time.display(SysTime(std::chrono::seconds(*r.banned_until))) +
                               (r.ban_reason.empty() ? "" : ": " + r.ban_reason));
        d.set("can_erase", identity::allows(staff.staff()->role, identity::Role::kAdmin));
        d.set("csrf", std::string(staff.csrf()));
        list.push_back(d);
    }
    data d;
    d.set("name", name);
    d.set("readers", list);
    d.set("has_readers", !found->empty());
    return page(staff, "Readers", "readers", std::move(d), "admin_readers");
}

http::Response AdminHandlers::erase(const http::Request& request, const Visitor& staff) {
    const auto id = text::positiveId(request.param("id"));
    if (!id) {
        return failure(404, "There is no such reader.", "/admin/readers");
    }
    auto erased = moderation_.eraseReader(*staff.staff(), *id);
    sessions_.forget();  // the reader's sessions are gone: no page may use them
    return done(request, "/admin/readers", erased);
}

http::Response AdminHandlers::words(const http::Request&, const Visitor& staff) {
    data list(data::type::list);
    const auto policy = moderation_.policy();
    for (const comments::WordRule& rule : policy->words.rules()) {
        data d;
        d.set("id", std::to_string(rule.id));
        d.set("word", rule.word);
        d.set("list", rule.list == comments::WordList::kBanned ? "banned" : "suspect");
        d.set("csrf", std::string(staff.csrf()));
        list.push_back(d);
    }
    data d;
    d.set("words", list);
    d.set("has_words", !policy->words.rules().empty());
    return page(staff, "Word lists", "words", std::move(d), "admin_words");
}

http::Response AdminHandlers::addWord(const http::Request& request, const Visitor& staff) {
    const http::FormFields form = request.fields();
    const std::string_view list = http::field(form, "list");
    if (list != "banned" && list != "suspect") {
        return failure(400, "The list is banned or suspect.", "/admin/words");
    }
    auto added = moderation_.addWord(
        *staff.staff(), http::field(form, "word"),
        list == "banned" ? comments::WordList::kBanned : comments::WordList::kSuspect);
    return done(request, "/admin/words",
                added ? Result<void>() : Result<void>(fail(added.error())));
}

http::Response AdminHandlers::removeWord(const http::Request& request, const Visitor& staff) {
    const auto id = text::positiveId(request.param("id"));
    if (!id) {
        return failure(404, "There is no such word rule.", "/admin/words");
    }
    return done(request, "/admin/words", moderation_.removeWord(*staff.staff(), *id));
}

http::Response AdminHandlers::modes(const http::Request&, const Visitor& staff) {
    const auto tree = catalog_.sections();
    data sections(data::type::list);
    for (const content::Section& section : tree->sections()) {
        data d;
        d.set("id", std::to_string(section.id));
        d.set("name", section.path);
        sections.push_back(d);
    }
    data rows(data::type::list);
    const auto policy = moderation_.policy();
    for (const comments::ModeSetting& m : policy->modes) {
        data d;
        std::string where = "the whole site";
        if (m.scope == comments::Scope::kSection) {
            const content::Section* section = tree->section(m.scope_id);
            where = "section " + (section ? section->path : std::to_string(m.scope_id));
        } else if (m.scope == comments::Scope::kArticle) {
            const auto article = catalog_.article(m.scope_id);
            where = "article " +
                    (article && *article ? tree->pathOf(**article) : std::to_string(m.scope_id));
        }
        d.set("where", where);
        d.set("mode", std::string(comments::toString(m.mode)));
        d.set("hours", m.close_after_hours ? std::to_string(*m.close_after_hours) + " hours" : "");
        d.set("scope", std::string(comments::toString(m.scope)));
        d.set("scope_id", std::to_string(m.scope_id));
        d.set("csrf", std::string(staff.csrf()));
        rows.push_back(d);
    }
    data d;
    d.set("sections", sections);
    d.set("modes", rows);
    d.set("has_modes", !policy->modes.empty());
    return page(staff, "Comment modes", "modes", std::move(d), "admin_modes");
}

http::Response AdminHandlers::setMode(const http::Request& request, const Visitor& staff) {
    const http::FormFields form = request.fields();
    comments::ModeSetting m;
    const auto mode = comments::parseMode(http::field(form, "mode"));
    if (!mode) {
        return failure(400, "The mode is open, premoderated or closed.", "/admin/modes");
    }
    m.mode = *mode;
    const auto tree = catalog_.sections();
    const std::string_view target = http::field(form, "target");
    const std::string article = std::string(text::trim(http::field(form, "article")));
    if (!article.empty()) {
        // The article's address, or its slug alone.
        auto found = article.starts_with('/') ? catalog_.articleAt(*tree, article)
                                              : catalog_.articleBySlug(article);
        if (!found) {
            return failure(503, "The articles cannot be read right now; try again.",
                           "/admin/modes");
        }
        const std::shared_ptr<const content::Article> a = std::move(*found);
        if (a == nullptr) {
            return failure(404, "There is no published article \"" + article + "\".",
                           "/admin/modes");
        }
        m.scope = comments::Scope::kArticle;
        m.scope_id = a->id;
    } else if (target.starts_with("section:")) {
        const auto id = text::positiveId(target.substr(8));
        if (!id || tree->section(*id) == nullptr) {
            return failure(404, "There is no such section.", "/admin/modes");
        }
        m.scope = comments::Scope::kSection;
        m.scope_id = *id;
    } else if (target != "site") {
        return failure(400, "Choose the site, a section or an article.", "/admin/modes");
    }
    const std::string_view hours = text::trim(http::field(form, "close_after_hours"));
    if (!hours.empty()) {
        const auto n = text::positiveId(hours);
        if (!n) {
            return failure(400, "\"Close after\" is a whole number of hours.", "/admin/modes");
        }
        m.close_after_hours = n;
    }
    return done(request, "/admin/modes", moderation_.setMode(*staff.staff(), m));
}

http::Response AdminHandlers::clearMode(const http::Request& request, const Visitor& staff) {
    const http::FormFields form = request.fields();
    const auto scope = comments::parseScope(http::field(form, "scope"));
    std::int64_t scope_id = 0;
    const std::string_view id_text = http::field(form, "scope_id");
    if (id_text != "0") {
        const auto id = text::positiveId(id_text);
        if (!id) {
            return failure(400, "There is no such setting.", "/admin/modes");
        }
        scope_id = *id;
    }
    if (!scope) {
        return failure(400, "There is no such setting.", "/admin/modes");
    }
    return done(request, "/admin/modes", moderation_.clearMode(*staff.staff(), *scope, scope_id));
}

http::Response AdminHandlers::log(const http::Request&, const Visitor& staff) {
    auto entries = moderation_.log();
    if (!entries) {
        return failure(503, kUnavailable);
    }
    data list(data::type::list);
    for (const comments::LogEntry& e : *entries) {
        data d;
        const SysTime at{std::chrono::seconds(e.at)};
        d.set("iso", site_.time.iso(at));
        d.set("display", site_.time.display(at));
        d.set("staff", e.staff_name);
        d.set("action", e.action);
        if (e.comment_id) {
            d.set("comment_id", std::to_string(e.comment_id));
        }
        d.set("reader_id", e.reader_id ? std::to_string(e.reader_id) : std::string());
        d.set("detail", e.detail);
        list.push_back(d);
    }
    data d;
    d.set("entries", list);
    d.set("has_entries", !entries->empty());
    return page(staff, "Audit log", "log", std::move(d), "admin_log");
}

}  // namespace masthead::web
