#include "web/routes.h"

namespace masthead::web {
namespace {

using http::Method;
using http::Request;
using http::Response;
using identity::Role;
using Caller = Needs::Caller;
using Csrf = Needs::Csrf;

/// The largest form a page of the site sends (a comment of 250 characters, percent-encoded,
/// is under 3 KB; a moderation note or ban reason under 1 KB).
constexpr std::size_t kFormBytes = 16U << 10U;
/// popularity.js's beacon: "article=ID".
constexpr std::size_t kBeaconBytes = 256;

// What each kind of route needs (web/guards.h).
/// Anyone; a body of at most `max_body` bytes (0: the server's limit).
Needs anyone(std::size_t max_body = 0) {
    Needs n;
    n.max_body = max_body;
    return n;
}
/// A page that shows a signed-in reader their own things, and everyone else the same page.
Needs anyVisitor() {
    Needs n;
    n.caller = Caller::kAnyVisitor;
    return n;
}
Needs reader(std::string_view doing) {
    Needs n;
    n.caller = Caller::kReader;
    n.doing = doing;
    return n;
}
/// A form: from our pages, with the token `csrf` checks.
Needs form(Csrf csrf) {
    Needs n;
    n.same_site = true;
    n.csrf = csrf;
    n.max_body = kFormBytes;
    return n;
}
/// A reader's form: their session, from our pages, with its token.
Needs readerForm(std::string_view doing) {
    Needs n = form(Csrf::kSession);
    n.caller = Caller::kReader;
    n.doing = doing;
    return n;
}
/// A form shown before login (its token is bound to the mh_pre cookie).
Needs loginForm() { return form(Csrf::kPreSession); }
/// A form of a reader's session that may have ended (logging out).
Needs sessionForm() { return form(Csrf::kSession); }
Needs staffPage(Role role = Role::kModerator, std::string_view refusal = {}) {
    Needs n;
    n.caller = Caller::kStaff;
    n.role = role;
    n.refusal = refusal;
    return n;
}
Needs staffForm(Role role = Role::kModerator) {
    Needs n = form(Csrf::kSession);
    n.caller = Caller::kStaff;
    n.role = role;
    return n;
}

/// A handler that needs only the request.
template <typename Handlers>
GuardedHandler call(Handlers& handlers, Response (Handlers::*method)(const Request&)) {
    return [&handlers, method](const Request& r, const Visitor&) { return (handlers.*method)(r); };
}
/// A handler that takes the caller its guard established.
template <typename Handlers>
GuardedHandler call(Handlers& handlers,
                    Response (Handlers::*method)(const Request&, const Visitor&)) {
    return [&handlers, method](const Request& r, const Visitor& v) {
        return (handlers.*method)(r, v);
    };
}

constexpr std::string_view kWordsRefusal = "The word lists are kept by admins.";
constexpr std::string_view kModesRefusal = "Comment modes are set by editors.";

}  // namespace

std::vector<SiteRoute> siteRoutes(RouteDeps& deps) {
    ReadingHandlers& reading = deps.reading;
    CommentHandlers& comments = deps.comments;
    LoginHandlers& login = deps.login;
    AdminHandlers& admin = deps.admin;
    const StaticAssets& assets = deps.assets;
    const ErrorPages& errors = deps.errors;
    std::vector<SiteRoute> routes = {
        {Method::kGet, "/", "home", anyone(), call(reading, &ReadingHandlers::home)},
        {Method::kGet, "/healthz", "healthz", anyone(),
         [](const Request&, const Visitor&) {
             return Response::of(
                 200, http::Entity::make("text/plain; charset=utf-8", "ok\n", "no-store"));
         }},
        {Method::kGet, "/metrics", "metrics", anyone(),
         [&deps](const Request&, const Visitor&) {
             return Response::of(
                 200, http::Entity::make("text/plain; version=0.0.4; charset=utf-8",
                                         (deps.metrics ? deps.metrics->renderPrometheus() : "") +
                                             renderCacheMetrics(deps.caches),
                                         "no-store"));
         }},
        {Method::kGet, "/static/{file}", "static", anyone(),
         [&assets, &errors](const Request& r, const Visitor&) {
             auto entity = assets.byHashedName(r.param("file"));
             return entity ? Response::of(200, std::move(entity))
                           : errors.fixedPage(404, "There is no file at this address.");
         }},
        {Method::kGet, "/favicon.ico", "favicon", anyone(),
         [&assets](const Request&, const Visitor&) {
             return Response::of(200, assets.byName("favicon.svg"));
         }},
        {Method::kGet, "/robots.txt", "robots", anyone(),
         [&assets](const Request&, const Visitor&) {
             return Response::of(200, assets.byName("robots.txt"));
         }},
        {Method::kPost, "/api/views", "beacon", anyone(kBeaconBytes),
         call(deps.popularity, &PopularityHandlers::beacon)},
        {Method::kGet, "/api/popular", "popular_api", anyone(),
         call(deps.popularity, &PopularityHandlers::popular)},
        {Method::kGet, "/api/dictionary", "dictionary_api", anyone(),
         call(deps.dictionary, &DictionaryHandlers::lookup)},
    };
    // The site's own pages (the Standards Board Policy, "Social comment?"): before
    // /comments/{id}.
    for (std::size_t i = 0; i < deps.pages.pages().size(); ++i) {
        const SitePages::Page& page = deps.pages.pages()[i];
        routes.push_back(
            {Method::kGet, page.path, page.name, anyone(),
             [&pages = deps.pages, i](const Request&, const Visitor&) { return pages.page(i); }});
    }
    routes.insert(
        routes.end(),
        {
            // Comments and reader login (issue 3).
            {Method::kPost, "/comments", "comment_post", readerForm("comment"),
             call(comments, &CommentHandlers::post)},
            {Method::kGet, "/comments/{id}", "comment", anyVisitor(),
             call(comments, &CommentHandlers::comment)},
            {Method::kPost, "/comments/{id}/delete", "comment_delete",
             readerForm("delete your comment"), call(comments, &CommentHandlers::remove)},
            {Method::kPost, "/comments/{id}/vote", "comment_vote", readerForm("vote"),
             call(comments, &CommentHandlers::vote)},
            {Method::kPost, "/comments/{id}/report", "comment_report",
             readerForm("report a comment"), call(comments, &CommentHandlers::report)},
            {Method::kGet, "/api/comments/votes", "comment_votes_api", reader("see your votes"),
             call(comments, &CommentHandlers::myVotes)},
            {Method::kGet, "/api/comments", "comments_api", anyone(),
             call(comments, &CommentHandlers::api)},
            {Method::kGet, "/login", "login", anyone(), call(login, &LoginHandlers::page)},
            // Outside demo mode the address answers 404, whatever the form.
            {Method::kPost, "/login/demo", "login_demo",
             login.demoSignIn() ? loginForm() : anyone(), call(login, &LoginHandlers::demo)},
            {Method::kGet, "/login/{provider}", "login_begin", anyone(),
             call(login, &LoginHandlers::begin)},
            {Method::kGet, "/login/{provider}/callback", "login_callback", anyone(),
             call(login, &LoginHandlers::callback)},
            {Method::kPost, "/logout", "logout", sessionForm(),
             call(login, &LoginHandlers::logout)},
            // Moderation (issue 3): staff only.
            {Method::kGet, "/admin", "admin_home", staffPage(), call(admin, &AdminHandlers::queue)},
            {Method::kGet, "/admin/login", "admin_login_page", anyone(),
             call(admin, &AdminHandlers::loginPage)},
            {Method::kPost, "/admin/login", "admin_login", loginForm(),
             call(admin, &AdminHandlers::login)},
            {Method::kPost, "/admin/logout", "admin_logout", staffForm(),
             call(admin, &AdminHandlers::logout)},
            {Method::kGet, "/admin/comments", "admin_queue", staffPage(),
             call(admin, &AdminHandlers::queue)},
            {Method::kPost, "/admin/comments/{id}/{decision}", "admin_decide", staffForm(),
             call(admin, &AdminHandlers::decide)},
            {Method::kGet, "/admin/readers", "admin_readers", staffPage(),
             call(admin, &AdminHandlers::readers)},
            {Method::kPost, "/admin/readers/{id}/erase", "admin_erase", staffForm(Role::kAdmin),
             call(admin, &AdminHandlers::erase)},
            {Method::kPost, "/admin/readers/{id}/ban", "admin_ban", staffForm(),
             call(admin, &AdminHandlers::ban)},
            {Method::kPost, "/admin/readers/{id}/unban", "admin_unban", staffForm(),
             call(admin, &AdminHandlers::unban)},
            {Method::kGet, "/admin/words", "admin_words", staffPage(Role::kAdmin, kWordsRefusal),
             call(admin, &AdminHandlers::words)},
            {Method::kPost, "/admin/words", "admin_word_add", staffForm(Role::kAdmin),
             call(admin, &AdminHandlers::addWord)},
            {Method::kPost, "/admin/words/{id}/delete", "admin_word_remove",
             staffForm(Role::kAdmin), call(admin, &AdminHandlers::removeWord)},
            {Method::kGet, "/admin/modes", "admin_modes", staffPage(Role::kEditor, kModesRefusal),
             call(admin, &AdminHandlers::modes)},
            {Method::kPost, "/admin/modes", "admin_mode_set", staffForm(Role::kEditor),
             call(admin, &AdminHandlers::setMode)},
            {Method::kPost, "/admin/modes/clear", "admin_mode_clear", staffForm(Role::kEditor),
             call(admin, &AdminHandlers::clearMode)},
            {Method::kGet, "/admin/log", "admin_log", staffPage(),
             call(admin, &AdminHandlers::log)},
            {Method::kGet, "/{path...}/comments", "thread", anyone(),
             [&comments, &reading](const Request& r, const Visitor&) {
                 if (auto answer = comments.thread(r)) {
                     return std::move(*answer);
                 }
                 return reading.page(r);  // a section or article whose own name is "comments"
             }},
            {Method::kGet, "/{path...}/print", "print", anyone(),
             call(reading, &ReadingHandlers::print)},
            {Method::kGet, "/{path...}", "page", anyone(), call(reading, &ReadingHandlers::page)},
        });
    return routes;
}

}  // namespace masthead::web
