#include "web/routes.h"

namespace masthead::web {

using http::Method;
using http::Request;
using http::Response;

std::vector<http::Route> siteRoutes(RouteDeps& deps) {
    ReadingHandlers& reading = deps.reading;
    const StaticAssets& assets = deps.assets;
    const auto notFound = [&reading] {
        return reading.error(404, "There is no file at this address.");
    };
    return {
        {Method::kGet, "/", "home", [&reading](const Request& r) { return reading.home(r); }},
        {Method::kGet, "/healthz", "healthz",
         [](const Request&) {
             return Response::of(
                 200, http::Entity::make("text/plain; charset=utf-8", "ok\n", "no-store"));
         }},
        {Method::kGet, "/metrics", "metrics",
         [&deps](const Request&) {
             return Response::of(
                 200, http::Entity::make("text/plain; version=0.0.4; charset=utf-8",
                                         (deps.metrics ? deps.metrics->renderPrometheus() : "") +
                                             renderCacheMetrics(deps.caches),
                                         "no-store"));
         }},
        {Method::kGet, "/static/{file}", "static",
         [&assets, notFound](const Request& r) {
             auto entity = assets.byHashedName(r.param("file"));
             return entity ? Response::of(200, std::move(entity)) : notFound();
         }},
        {Method::kGet, "/favicon.ico", "favicon",
         [&assets](const Request&) { return Response::of(200, assets.byName("favicon.svg")); }},
        {Method::kGet, "/robots.txt", "robots",
         [&assets](const Request&) { return Response::of(200, assets.byName("robots.txt")); }},
        {Method::kPost, "/api/views", "beacon",
         [&deps](const Request& r) {
             return deps.popularity ? deps.popularity->beacon(r)
                                    : deps.reading.error(404, "Reads are not counted here.");
         }},
        {Method::kGet, "/api/popular", "popular_api",
         [&deps](const Request& r) {
             return deps.popularity ? deps.popularity->popular(r)
                                    : deps.reading.error(404, "There is no ranking here.");
         }},
        {Method::kGet, "/api/dictionary", "dictionary_api",
         [&deps](const Request& r) {
             return deps.dictionary ? deps.dictionary->lookup(r)
                                    : deps.reading.error(404, "There is no dictionary here.");
         }},
        // Comments and reader login (issue 3).
        {Method::kGet, "/standards-board-policy", "policy",
         [&deps, notFound](const Request& r) {
             return deps.comments ? deps.comments->policy(r) : notFound();
         }},
        {Method::kGet, "/comments/help", "comment_help",
         [&deps, notFound](const Request& r) {
             return deps.comments ? deps.comments->help(r) : notFound();
         }},
        {Method::kPost, "/comments", "comment_post",
         [&deps, notFound](const Request& r) {
             return deps.comments ? deps.comments->post(r) : notFound();
         }},
        {Method::kGet, "/comments/{id}", "comment",
         [&deps, notFound](const Request& r) {
             return deps.comments ? deps.comments->comment(r) : notFound();
         }},
        {Method::kPost, "/comments/{id}/delete", "comment_delete",
         [&deps, notFound](const Request& r) {
             return deps.comments ? deps.comments->remove(r) : notFound();
         }},
        {Method::kPost, "/comments/{id}/vote", "comment_vote",
         [&deps, notFound](const Request& r) {
             return deps.comments ? deps.comments->vote(r) : notFound();
         }},
        {Method::kPost, "/comments/{id}/report", "comment_report",
         [&deps, notFound](const Request& r) {
             return deps.comments ? deps.comments->report(r) : notFound();
         }},
        {Method::kGet, "/api/comments/votes", "comment_votes_api",
         [&deps, notFound](const Request& r) {
             return deps.comments ? deps.comments->myVotes(r) : notFound();
         }},
        {Method::kGet, "/api/comments", "comments_api",
         [&deps](const Request& r) {
             return deps.comments ? deps.comments->api(r)
                                  : deps.reading.error(404, "There are no comments here.");
         }},
        {Method::kGet, "/login", "login",
         [&deps, notFound](const Request& r) {
             return deps.login ? deps.login->page(r) : notFound();
         }},
        {Method::kPost, "/login/demo", "login_demo",
         [&deps, notFound](const Request& r) {
             return deps.login ? deps.login->demo(r) : notFound();
         }},
        {Method::kGet, "/login/{provider}", "login_begin",
         [&deps, notFound](const Request& r) {
             return deps.login ? deps.login->begin(r) : notFound();
         }},
        {Method::kGet, "/login/{provider}/callback", "login_callback",
         [&deps, notFound](const Request& r) {
             return deps.login ? deps.login->callback(r) : notFound();
         }},
        {Method::kPost, "/logout", "logout",
         [&deps, notFound](const Request& r) {
             return deps.login ? deps.login->logout(r) : notFound();
         }},
        // Moderation (issue 3): staff only; each handler checks the session and role.
        {Method::kGet, "/admin", "admin_home",
         [&deps, notFound](const Request& r) {
             return deps.admin ? deps.admin->queue(r) : notFound();
         }},
        {Method::kGet, "/admin/login", "admin_login_page",
         [&deps, notFound](const Request& r) {
             return deps.admin ? deps.admin->loginPage(r) : notFound();
         }},
        {Method::kPost, "/admin/login", "admin_login",
         [&deps, notFound](const Request& r) {
             return deps.admin ? deps.admin->login(r) : notFound();
         }},
        {Method::kPost, "/admin/logout", "admin_logout",
         [&deps, notFound](const Request& r) {
             return deps.admin ? deps.admin->logout(r) : notFound();
         }},
        {Method::kGet, "/admin/comments", "admin_queue",
         [&deps, notFound](const Request& r) {
             return deps.admin ? deps.admin->queue(r) : notFound();
         }},
        {Method::kPost, "/admin/comments/{id}/{decision}", "admin_decide",
         [&deps, notFound](const Request& r) {
             return deps.admin ? deps.admin->decide(r) : notFound();
         }},
        {Method::kGet, "/admin/readers", "admin_readers",
         [&deps, notFound](const Request& r) {
             return deps.admin ? deps.admin->readers(r) : notFound();
         }},
        {Method::kPost, "/admin/readers/{id}/erase", "admin_erase",
         [&deps, notFound](const Request& r) {
             return deps.admin ? deps.admin->erase(r) : notFound();
         }},
        {Method::kPost, "/admin/readers/{id}/ban", "admin_ban",
         [&deps, notFound](const Request& r) {
             return deps.admin ? deps.admin->ban(r) : notFound();
         }},
        {Method::kPost, "/admin/readers/{id}/unban", "admin_unban",
         [&deps, notFound](const Request& r) {
             return deps.admin ? deps.admin->unban(r) : notFound();
         }},
        {Method::kGet, "/admin/words", "admin_words",
         [&deps, notFound](const Request& r) {
             return deps.admin ? deps.admin->words(r) : notFound();
         }},
        {Method::kPost, "/admin/words", "admin_word_add",
         [&deps, notFound](const Request& r) {
             return deps.admin ? deps.admin->addWord(r) : notFound();
         }},
        {Method::kPost, "/admin/words/{id}/delete", "admin_word_remove",
         [&deps, notFound](const Request& r) {
             return deps.admin ? deps.admin->removeWord(r) : notFound();
         }},
        {Method::kGet, "/admin/modes", "admin_modes",
         [&deps, notFound](const Request& r) {
             return deps.admin ? deps.admin->modes(r) : notFound();
         }},
        {Method::kPost, "/admin/modes", "admin_mode_set",
         [&deps, notFound](const Request& r) {
             return deps.admin ? deps.admin->setMode(r) : notFound();
         }},
        {Method::kPost, "/admin/modes/clear", "admin_mode_clear",
         [&deps, notFound](const Request& r) {
             return deps.admin ? deps.admin->clearMode(r) : notFound();
         }},
        {Method::kGet, "/admin/log", "admin_log",
         [&deps, notFound](const Request& r) {
             return deps.admin ? deps.admin->log(r) : notFound();
         }},
        {Method::kGet, "/{path...}/comments", "thread",
         [&deps, &reading](const Request& r) {
             if (deps.comments) {
                 if (auto answer = deps.comments->thread(r)) {
                     return std::move(*answer);
                 }
             }
             return reading.page(r);  // a section or article whose own name is "comments"
         }},
        {Method::kGet, "/{path...}/print", "print",
         [&reading](const Request& r) { return reading.print(r); }},
        {Method::kGet, "/{path...}", "page",
         [&reading](const Request& r) { return reading.page(r); }},
    };
}

}  // namespace masthead::web
