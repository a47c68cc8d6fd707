#include "identity/providers.h"

#include <array>
#include <utility>

namespace masthead::identity {
namespace {

constexpr std::array<std::pair<ProviderKind, std::string_view>, 6> kNames = {{
    {ProviderKind::kOidc, "oidc"},
    {ProviderKind::kGoogle, "google"},
    {ProviderKind::kKakao, "kakao"},
    {ProviderKind::kNaver, "naver"},
    {ProviderKind::kTwitter, "twitter"},
    {ProviderKind::kFacebook, "facebook"},
}};

}  // namespace

bool isOpenIdConnect(ProviderKind kind) {
    return kind == ProviderKind::kOidc || kind == ProviderKind::kGoogle ||
           kind == ProviderKind::kKakao;
}

std::string_view kindName(ProviderKind kind) {
    for (const auto& [k, name] : kNames) {
        if (k == kind) {
            return name;
        }
    }
    return "oidc";
}

std::optional<ProviderKind> parseKind(std::string_view name) {
    for (const auto& [kind, n] : kNames) {
        if (n == name) {
            return kind;
        }
    }
    return std::nullopt;
}

ProviderConfig preset(ProviderKind kind) {
    ProviderConfig p;
    p.kind = kind;
    p.id = std::string(kindName(kind));
    switch (kind) {
        case ProviderKind::kOidc:
            p.scopes = {"openid", "profile"};
            break;
        case ProviderKind::kGoogle:
            // https://accounts.google.com/.well-known/openid-configuration
            p.label = "Google";
            p.issuer = "https://accounts.google.com";
            p.authorization_endpoint = "https://accounts.google.com/o/oauth2/v2/auth";
            p.token_endpoint = "https://oauth2.googleapis.com/token";
            p.userinfo_endpoint = "https://openidconnect.googleapis.com/v1/userinfo";
            p.jwks_uri = "https://www.googleapis.com/oauth2/v3/certs";
            p.scopes = {"openid", "profile"};
            break;
        case ProviderKind::kKakao:
            // Kakao Login with OpenID Connect enabled in the app's settings; the id_token
            // carries "nickname" and "picture" when the profile scopes were agreed to.
            p.label = "Kakao";
            p.issuer = "https://kauth.kakao.com";
            p.authorization_endpoint = "https://kauth.kakao.com/oauth/authorize";
            p.token_endpoint = "https://kauth.kakao.com/oauth/token";
            p.userinfo_endpoint = "https://kapi.kakao.com/v1/oidc/userinfo";
            p.jwks_uri = "https://kauth.kakao.com/.well-known/jwks.json";
            p.scopes = {"openid", "profile_nickname", "profile_image"};
            break;
        case ProviderKind::kNaver:
            // Naver Login takes no scope: what is shared is set in the application's settings.
            p.label = "Naver";
            p.authorization_endpoint = "https://nid.naver.com/oauth2.0/authorize";
            p.token_endpoint = "https://nid.naver.com/oauth2.0/token";
            p.userinfo_endpoint = "https://openapi.naver.com/v1/nid/me";
            break;
        case ProviderKind::kTwitter:
            p.label = "Twitter";
            p.authorization_endpoint = "https://twitter.com/i/oauth2/authorize";
            p.token_endpoint = "https://api.twitter.com/2/oauth2/token";
            p.userinfo_endpoint =
                "https://api.twitter.com/2/users/me?user.fields=profile_image_url";
            p.scopes = {"users.read", "tweet.read"};
            break;
        case ProviderKind::kFacebook:
            p.label = "Facebook";
            p.authorization_endpoint = "https://www.facebook.com/v19.0/dialog/oauth";
            p.token_endpoint = "https://graph.facebook.com/v19.0/oauth/access_token";
            p.userinfo_endpoint = "https://graph.facebook.com/v19.0/me?fields=id,name,picture";
            p.scopes = {"public_profile"};
            break;
    }
    return p;
}

}  // namespace masthead::identity
