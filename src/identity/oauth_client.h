#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "identity/http_client.h"
#include "identity/providers.h"
#include "identity/reader.h"
#include "util/error.h"

namespace masthead::identity {

/// How long a reader has between begin() and complete(), in seconds.
inline constexpr std::int64_t kPendingLoginSeconds = 600;

/// What begin() hands to the caller to keep until the provider sends the reader back (in a
/// signed cookie or a server-side store): everything complete() needs, all of it secret.
struct PendingLogin {
    std::string provider_id;
    std::string state;          ///< must equal the callback's "state" (the caller checks)
    std::string nonce;          ///< OpenID Connect kinds; "" for the others
    std::string code_verifier;  ///< PKCE (RFC 7636)
    std::string return_to;      ///< where to send the reader afterwards, as given to begin()
    std::int64_t created_at = 0;
};

/// The PKCE S256 code challenge of `verifier`: base64url(SHA-256(verifier)).
[[nodiscard]] std::string pkceChallenge(std::string_view verifier);

/// The reader side of OAuth 2.0 / OpenID Connect login: builds the authorization URL and, when
/// the provider sends the reader back with a code, exchanges it for tokens, checks the id_token
/// (OpenID Connect kinds) or calls the profile API (the others) and returns the profile.
///
/// Discovery documents and key sets are cached per provider; a key set is fetched again when
/// an id_token names an unknown key, at most once a minute. Thread-safe: the caches are
/// guarded by a mutex that is never held during a network call.
///
/// Failures are Errors whose message names the provider and may be shown to the reader
/// ("Google did not confirm the login: the answer has expired"); `detail` says what went
/// wrong for the log. kNotFound: no such provider. kInvalidInput: the login attempt is bad or
/// stale (the reader may try again). kUpstream: the provider could not be reached or
/// answered nonsense. kInternal: the site's settings for the provider are wrong.
class OAuthClient {
  public:
    /// `providers` as configured (see Config::login_providers); `http` must outlive this.
    OAuthClient(std::vector<ProviderConfig> providers, HttpClient& http);
    ~OAuthClient();
    OAuthClient(const OAuthClient&) = delete;
    OAuthClient& operator=(const OAuthClient&) = delete;

    /// The providers in configuration order: the login buttons.
    [[nodiscard]] const std::vector<ProviderConfig>& providers() const { return providers_; }

    /// The provider with this id, or nullptr.
    [[nodiscard]] const ProviderConfig* find(std::string_view id) const;

    /// Starts a login: new random state, nonce (OpenID Connect kinds) and PKCE verifier, and
    /// the provider's authorization URL to redirect the reader to. `redirect_uri` is the
    /// site's callback URL as registered with the provider; `now` is Unix seconds. May fetch
    /// the discovery document (generic OpenID Connect providers).
    [[nodiscard]] Result<std::pair<std::string, PendingLogin>> begin(std::string_view provider_id,
                                                                     std::string_view redirect_uri,
                                                                     std::string return_to,
                                                                     std::int64_t now);

    /// Finishes a login whose callback carried `code` (the caller has already checked that
    /// its "state" equals `pending.state`, and that it carries no "error"). `redirect_uri`
    /// must be the one given to begin(). The display name is trimmed and at most 64
    /// characters, possibly ""; the avatar URL is https (or http on loopback) or "".
    [[nodiscard]] Result<ExternalProfile> complete(const PendingLogin& pending,
                                                   std::string_view code,
                                                   std::string_view redirect_uri, std::int64_t now);

  private:
    struct Endpoints;
    struct CachedEndpoints;
    struct CachedKeys;

    Result<Endpoints> endpoints(const ProviderConfig& provider, std::int64_t now);
    Result<std::shared_ptr<const nlohmann::json>> keys(const ProviderConfig& provider,
                                                       const Endpoints& endpoints, std::int64_t now,
                                                       bool refresh);
    Result<ExternalProfile> fromIdToken(const ProviderConfig& provider, const Endpoints& endpoints,
                                        const PendingLogin& pending, const nlohmann::json& tokens,
                                        std::int64_t now);
    Result<ExternalProfile> fromProfileApi(const ProviderConfig& provider,
                                           const Endpoints& endpoints,
                                           const std::string& access_token);
    Result<nlohmann::json> getJson(const ProviderConfig& provider, const std::string& url,
                                   const std::string& bearer, std::string_view what);

    std::vector<ProviderConfig> providers_;
    HttpClient& http_;
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const CachedEndpoints>> discovery_;
    std::map<std::string, std::shared_ptr<const CachedKeys>> keys_;
};

}  // namespace masthead::identity
