#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace masthead::identity {

/// How Masthead talks to a login provider. kOidc, kGoogle and kKakao are OpenID Connect (an
/// id_token names the reader); kNaver, kTwitter and kFacebook are plain OAuth 2.0 followed by
/// a call to the provider's profile API.
enum class ProviderKind { kOidc, kGoogle, kKakao, kNaver, kTwitter, kFacebook };

/// One way for readers to log in, as configured (`login.providers` in the configuration).
struct ProviderConfig {
    std::string id;     ///< URL segment and account namespace: "google", "corp-sso"
    std::string label;  ///< shown on the button: "Google", "Twitter"
    ProviderKind kind = ProviderKind::kOidc;
    std::string client_id;
    std::string client_secret;
    std::string issuer;  ///< OpenID Connect kinds: the "iss" of id_tokens
    /// Endpoints. Empty ones of the OpenID Connect kinds come from the issuer's discovery
    /// document (ISSUER/.well-known/openid-configuration).
    std::string authorization_endpoint;
    std::string token_endpoint;
    std::string userinfo_endpoint;  ///< the profile API for kNaver, kTwitter and kFacebook
    std::string jwks_uri;
    std::vector<std::string> scopes;
    std::chrono::milliseconds timeout{5000};  ///< per call to the provider
};

/// True for the kinds that receive an id_token: kOidc, kGoogle, kKakao.
[[nodiscard]] bool isOpenIdConnect(ProviderKind kind);

/// The provider's documented public endpoints, scopes, label and id ("google", ...), with no
/// client id or secret. kOidc gives only the "openid profile" scopes: its issuer and
/// endpoints come from configuration and discovery.
[[nodiscard]] ProviderConfig preset(ProviderKind kind);

/// "oidc", "google", "kakao", "naver", "twitter", "facebook".
[[nodiscard]] std::string_view kindName(ProviderKind kind);

/// The kind named by kindName(), or nullopt.
[[nodiscard]] std::optional<ProviderKind> parseKind(std::string_view name);

}  // namespace masthead::identity
