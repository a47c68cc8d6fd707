#include "web/login_handlers.h"

#include <cstdio>

#include "comments/comment_text.h"
#include "identity/secrets.h"

namespace masthead::web {
namespace {

constexpr std::size_t kMaxNameCharacters = 64;
constexpr long long kPreSessionSeconds = 3600;
/// Ties a login at a provider to the browser that started it (its value is the state).
constexpr std::string_view kLoginCookie = "mh_login";
constexpr std::string_view kUnavailable =
    "Logging in is not possible right now. Please try again in a minute.";

/// A failed login at a provider, for the operator: what the reader saw and why (the detail
/// never reaches the reader), with the request id of the access log.
void logFailure(const http::Request& request, std::string_view provider, const Error& e) {
    std::fprintf(stderr, "masthead: login: %.*s: %s%s%s (request %s)\n",
                 static_cast<int>(provider.size()), provider.data(), e.message.c_str(),
                 e.detail.empty() ? "" : " detail: ", e.detail.c_str(), request.request_id.c_str());
}

}  // namespace

http::Response LoginHandlers::failure(int status, std::string_view message,
                                      std::string_view back) const {
    return errors_.page(status, message, {back, "Go back"});
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
    const auto tree = catalog_.sections();
    auto response = http::Response::of(
        200, http::Entity::makeOnce("text/html; charset=utf-8", renderer_.plain(*tree, plain),
                                    "private, no-store"));
    if (fresh) {
        response.with("Set-Cookie", cookies_.set(kPreSessionCookie, pre, kPreSessionSeconds));
    }
    return response;
}

http::Response LoginHandlers::demo(const http::Request& request, const Visitor&) {
    // (its route's guard checked the origin and the login form's token)
    if (!views_.demo()) {
        return failure(404, "There is no demo sign-in on this site.");
    }
    const auto form = request.form();
    if (!form) {
        return failure(400, "The sign-in must be sent as a form.", "/login");
    }
    auto name = comments::normalizeComment(http::field(*form, "name"));
    if (!name || name->empty() || name->find('\n') != std::string::npos ||
        comments::graphemeCount(*name) > kMaxNameCharacters) {
        return failure(422,
                       "Your name must be 1 to " + std::to_string(kMaxNameCharacters) +
                           " characters on one line.",
                       "/login");
    }
    const std::int64_t t = now();
    // Each demo sign-in is a new reader: nothing proves two people with one name are one.
    identity::ExternalProfile profile{"demo", identity::randomToken(16), *name, ""};
    auto reader =
        db_.with([&](db::Database& db) { return identity::ReaderStore(db).upsert(profile, t); });
    if (!reader) {
        return failure(503, "Signing in is not possible right now. Please try again in a minute.");
    }
    return signIn(request, reader->id, safeReturnPath(http::field(*form, "return")));
}

http::Response LoginHandlers::begin(const http::Request& request) {
    const std::string provider(request.param("provider"));
    const std::string return_to = safeReturnPath(request.queryParam("return").value_or("/"));
    if (oauth_.find(provider) == nullptr) {
        return failure(404, "There is no login with \"" + provider + "\" on this site.");
    }
    auto started = oauth_.begin(provider, callbackUrl(provider), return_to, now());
    if (!started) {
        logFailure(request, provider, started.error());
        return errors_.answer(request, started.error(), kUnavailable, {return_to, "Go back"});
    }
    const identity::PendingLogin& pending = started->second;
    const identity::LoginState state{.provider = pending.provider_id,
                                     .nonce = pending.nonce,
                                     .code_verifier = pending.code_verifier,
                                     .return_to = pending.return_to,
                                     .created_at = pending.created_at};
    if (auto saved = sessions_.saveLogin(pending.state, state); !saved) {
        return failure(503, "Logging in is not possible right now. Please try again in a minute.",
                       return_to);
    }
    return http::Response::of(302, nullptr)
        .with("Location", started->first)
        .with("Cache-Control", "no-store")
        .with("Set-Cookie", cookies_.set(kLoginCookie, pending.state, 600));
}

http::Response LoginHandlers::callback(const http::Request& request) {
    const std::string provider(request.param("provider"));
    if (oauth_.find(provider) == nullptr) {
        return failure(404, "There is no login with \"" + provider + "\" on this site.");
    }
    const std::string label = oauth_.find(provider)->label;
    const std::string state = request.queryParam("state").value_or("");
    const std::string_view bound = request.cookie(kLoginCookie);
    const std::string again =
        "This login was not started in this browser, was already used, "
        "or took too long. Please log in again.";
    if (state.empty() || !identity::equalTokens(bound, state)) {
        return failure(400, again);
    }
    auto login = sessions_.takeLogin(state);
    if (!login) {
        return failure(503, "Logging in is not possible right now. Please try again in a minute.");
    }
    if (!*login || (*login)->provider != provider) {
        return failure(400, again);
    }
    const std::string return_to = (*login)->return_to;
    if (const auto error = request.queryParam("error")) {
        const std::string message =
            *error == "access_denied"
                ? "The login at " + label + " was cancelled, so you are not logged in."
                : label + " did not log you in (it answered \"" + error->substr(0, 64) + "\").";
        return failure(400, message, return_to);
    }
    const auto code = request.queryParam("code");
    if (!code || code->empty()) {
        return failure(400, label + " did not send a login code back.", return_to);
    }
    const identity::PendingLogin pending{.provider_id = provider,
                                         .state = state,
                                         .nonce = (*login)->nonce,
                                         .code_verifier = (*login)->code_verifier,
                                         .return_to = return_to,
                                         .created_at = (*login)->created_at};
    auto profile = oauth_.complete(pending, *code, callbackUrl(provider), now());
    if (!profile) {
        logFailure(request, provider, profile.error());
        return errors_.answer(request, profile.error(), kUnavailable, {return_to, "Go back"});
    }
    if (profile->display_name.empty()) {
        profile->display_name = label + " reader";
    }
    const std::int64_t t = now();
    auto reader =
        db_.with([&](db::Database& db) { return identity::ReaderStore(db).upsert(*profile, t); });
    if (!reader) {
        return failure(503, "Logging in is not possible right now. Please try again in a minute.",
                       return_to);
    }
    auto response = signIn(request, reader->id, return_to);
    response.with("Set-Cookie", cookies_.clear(kLoginCookie));
    return response;
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

http::Response LoginHandlers::logout(const http::Request& request, const Visitor& visitor) {
    // (its route's guard checked the origin and the session's CSRF token)
    const http::FormFields form = request.fields();
    if (auto closed = sessions_.close(visitor.cookie); !closed) {
        return failure(503, "Logging out is not possible right now. Please try again in a minute.");
    }
    return http::Response::of(303, nullptr)
        .with("Location", safeReturnPath(http::field(form, "return")))
        .with("Set-Cookie", cookies_.clear(kSessionCookie));
}

}  // namespace masthead::web
