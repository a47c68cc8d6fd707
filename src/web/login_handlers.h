#pragma once

#include "content/catalog.h"
#include "http/message.h"
#include "identity/oauth_client.h"
#include "identity/reader_store.h"
#include "identity/sessions.h"
#include "util/clock.h"
#include "web/comment_views.h"
#include "web/errors.h"
#include "web/page_renderer.h"
#include "web/visitor.h"

namespace masthead::web {

/// Reader login and logout: the login page, the demo sign-in (only in demo mode), and the
/// OAuth 2.0 / OpenID Connect round trip through the configured providers. Thread-safe.
class LoginHandlers {
  public:
    LoginHandlers(const content::Catalog& catalog, const PageRenderer& renderer,
                  const CommentViews& views, identity::Sessions& sessions, db::SharedConnection& db,
                  const Clock& clock, const SiteInfo& site, const ErrorPages& errors,
                  identity::OAuthClient& oauth)
        : catalog_(catalog),
          renderer_(renderer),
          views_(views),
          sessions_(sessions),
          db_(db),
          clock_(clock),
          site_(site),
          errors_(errors),
          oauth_(oauth),
          cookies_{site.base_url.starts_with("https://")} {}

    /// GET /login?return=PATH: the providers, and the demo sign-in form in demo mode.
    [[nodiscard]] http::Response page(const http::Request& request);
    /// Whether anyone may sign in with any name (`serve --demo`).
    [[nodiscard]] bool demoSignIn() const { return views_.demo(); }
    /// POST /login/demo (csrf, name, return): exists only in demo mode. Its route checks the
    /// origin and the login form's token.
    [[nodiscard]] http::Response demo(const http::Request& request, const Visitor&);
    /// POST /logout (csrf, return): its route checks the origin and the session's token.
    [[nodiscard]] http::Response logout(const http::Request& request, const Visitor& visitor);
    /// GET /login/{provider}?return=PATH: starts the authorization-code flow (state, PKCE,
    /// nonce kept server-side; the state also in a short-lived cookie that ties the login to
    /// this browser) and redirects to the provider.
    [[nodiscard]] http::Response begin(const http::Request& request);
    /// GET /login/{provider}/callback?code=…&state=…: checks the state against the cookie and
    /// the saved login (once only), exchanges the code, signs the reader in and goes back.
    [[nodiscard]] http::Response callback(const http::Request& request);

  private:
    /// Starts a session for `reader_id` (ending the request's old one) and redirects.
    [[nodiscard]] http::Response signIn(const http::Request& request, std::int64_t reader_id,
                                        std::string_view return_to);
    [[nodiscard]] http::Response failure(int status, std::string_view message,
                                         std::string_view back = {}) const;

    const content::Catalog& catalog_;
    const PageRenderer& renderer_;
    const CommentViews& views_;
    identity::Sessions& sessions_;
    db::SharedConnection& db_;
    const Clock& clock_;
    [[nodiscard]] std::string callbackUrl(std::string_view provider) const {
        return site_.base_url + "/login/" + std::string(provider) + "/callback";
    }
    [[nodiscard]] std::int64_t now() const {
        return std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch())
            .count();
    }

    const SiteInfo& site_;
    const ErrorPages& errors_;
    identity::OAuthClient& oauth_;
    CookiePolicy cookies_;
};

}  // namespace masthead::web
