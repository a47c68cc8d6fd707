#include "web/login_handlers.h"

#include "comments/comment_text.h"
#include "identity/secrets.h"

namespace masthead::web {
namespace {

constexpr std::size_t kMaxNameCharacters = 64;
constexpr long long kPreSessionSeconds = 3600;

}  // namespace

http::Response LoginHandlers::failure(int status, std::string_view message,
                                      std::string_view back) const {
    const auto snapshot = catalog_.snapshot();
    return http::Response::of(
        status,
        http::Entity::makeOnce("text/html; charset=utf-8",
                               renderer_.error(*snapshot, status, message, back,
                                               back.empty() ? "" : "Back to the login page"),
                               "no-store"));
}

http::Response LoginHandlers::page(const http::Request& request) {
    const std::string return_to = safeReturnPath(request.queryParam("return").value_or("/"));
    std::string pre(request.cookie(kPreSessionCookie));
    const bool fresh = !sessions_.checkPreSession(pre, sessions_.preSessionToken(pre));
    if (fresh) {
        pre = identity::randomToken(32);
    }
    PageRenderer::PlainPage plain;
    plain.title = "Log in to comment";
    plain.canonical_path = "/login";
    plain.body_class = "page-login";
    plain.noindex = true;
    plain.content = views_.loginPage(return_to, sessions_.preSessionToken(pre), "");
    const auto snapshot = catalog_.snapshot();
    auto response = http::Response::of(
        200, http::Entity::makeOnce("text/html; charset=utf-8", renderer_.plain(*snapshot, plain),
                                    "private, no-store"));
    if (fresh) {
        response.with("Set-Cookie", cookies_.set(kPreSessionCookie, pre, kPreSessionSeconds));
    }
    return response;
}

http::Response LoginHandlers::demo(const http::Request& request) {
    if (!views_.demo()) {
        return failure(404, "There is no demo sign-in on this site.");
    }
    if (!fromOurSite(request, site_.base_url)) {
        return failure(403, "Sign-in forms must be sent from " + site_.name + "'s own pages.");
    }
    const auto form = request.form();
    if (!form) {
        return failure(400, "The sign-in must be sent as a form.", "/login");
    }
    if (!sessions_.checkPreSession(request.cookie(kPreSessionCookie), http::field(*form, "csrf"))) {
        return failure(403,
                       "This sign-in form has expired or did not come from this site. Open the "
                       "login page again.",
                       "/login");
    }
    auto name = comments::normalizeComment(http::field(*form, "name"));
    if (!name || name->empty() || name->find('\n') != std::string::npos ||
        comments::graphemeCount(*name) > kMaxNameCharacters) {
        return failure(422,
                       "Your name must be 1 to " + std::to_string(kMaxNameCharacters) +
                           " characters on one line.",
                       "/login");
    }
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
    // Each demo sign-in is a new reader: nothing proves two people with one name are one.
    identity::ExternalProfile profile{"demo", identity::randomToken(16), *name, ""};
    auto reader =
        db_.with([&](db::Database& db) { return identity::ReaderStore(db).upsert(profile, now); });
    if (!reader) {
        return failure(503, "Signing in is not possible right now. Please try again in a minute.");
    }
    return signIn(request, reader->id, safeReturnPath(http::field(*form, "return")));
}

http::Response LoginHandlers::signIn(const http::Request& request, std::int64_t reader_id,
                                     std::string_view return_to) {
    auto cookie = sessions_.open(reader_id, 0, request.cookie(kSessionCookie));
    if (!cookie) {
        return failure(503, "Signing in is not possible right now. Please try again in a minute.");
    }
    return http::Response::of(303, nullptr)
        .with("Location", std::string(return_to))
        .with("Set-Cookie", cookies_.set(kSessionCookie, *cookie, sessions_.idleLifetime().count()))
        .with("Set-Cookie", cookies_.clear(kPreSessionCookie));
}

http::Response LoginHandlers::logout(const http::Request& request) {
    if (!fromOurSite(request, site_.base_url)) {
        return failure(403, "Requests must come from " + site_.name + "'s own pages.");
    }
    const auto form = request.form();
    const std::string_view cookie = request.cookie(kSessionCookie);
    if (!form || !sessions_.checkCsrf(cookie, http::field(*form, "csrf"))) {
        return failure(403,
                       "This form has expired or did not come from this site. Reload the "
                       "page and try again.");
    }
    if (auto closed = sessions_.close(cookie); !closed) {
        return failure(503, "Logging out is not possible right now. Please try again in a minute.");
    }
    return http::Response::of(303, nullptr)
        .with("Location", safeReturnPath(http::field(*form, "return")))
        .with("Set-Cookie", cookies_.clear(kSessionCookie));
}

}  // namespace masthead::web
