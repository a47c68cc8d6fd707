#include "identity/oauth_client.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>

#include "identity/jwt.h"
#include "identity/secrets.h"
#include "util/text.h"

namespace masthead::identity {
namespace {

constexpr std::size_t kRandomBytes = 32;
constexpr std::size_t kMaxDisplayNameChars = 64;
constexpr std::size_t kMaxAvatarUrlBytes = 2048;
constexpr std::int64_t kDiscoverySeconds = std::int64_t{24} * 60 * 60;
constexpr std::int64_t kKeysSeconds = std::int64_t{24} * 60 * 60;
constexpr std::int64_t kKeysRefetchSeconds = 60;
constexpr std::string_view kProviderPlaceholder = "The login provider";

std::string labelOf(const ProviderConfig& p) { return p.label.empty() ? p.id : p.label; }

/// The HTTP client's error with "The login provider" replaced by the provider's name.
Error named(const ProviderConfig& p, Error error) {
    if (error.message.starts_with(kProviderPlaceholder)) {
        error.message = labelOf(p) + error.message.substr(kProviderPlaceholder.size());
    }
    if (!error.message.ends_with('.')) {
        error.message += ". Please try again in a moment.";
    }
    return error;
}

std::string standardBase64(std::string_view bytes) {
    std::string out = base64UrlEncode(bytes);
    std::ranges::replace(out, '-', '+');
    std::ranges::replace(out, '_', '/');
    while (out.size() % 4 != 0) {
        out += '=';
    }
    return out;
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& part : parts) {
        out += (out.empty() ? "" : " ") + part;
    }
    return out;
}

std::string textOf(const nlohmann::json& object, const char* name) {
    if (!object.is_object()) {
        return {};
    }
    const auto it = object.find(name);
    if (it == object.end()) {
        return {};
    }
    if (it->is_string()) {
        return it->get<std::string>();
    }
    if (it->is_number_integer()) {
        return std::to_string(it->get<std::int64_t>());  // Kakao and others use numeric ids
    }
    return {};
}

/// Trimmed, whitespace and control characters collapsed to single spaces, cut at the first
/// invalid UTF-8 byte and at kMaxDisplayNameChars code points.
std::string cleanDisplayName(std::string_view raw) {
    if (const auto bad = text::firstInvalidUtf8(raw)) {
        raw = raw.substr(0, *bad);
    }
    std::string out;
    std::size_t chars = 0;
    bool space = false;
    for (const char ch : raw) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7F || c == ' ') {
            space = !out.empty();
            continue;
        }
        const bool starts_char = (c & 0xC0U) != 0x80U;
        if (starts_char) {
            if (chars + (space ? 1 : 0) >= kMaxDisplayNameChars) {
                break;
            }
            if (space) {
                out += ' ';
                ++chars;
                space = false;
            }
            ++chars;
        }
        out += ch;
    }
    return out;
}

std::string cleanAvatarUrl(const std::string& url) {
    if (url.size() > kMaxAvatarUrlBytes || !isAllowedProviderUrl(url)) {
        return {};
    }
    for (const char c : url) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F || c == '"' || c == '<' ||
            c == '>') {
            return {};
        }
    }
    return url;
}

/// The first non-empty of `names` in `claims`.
std::string firstText(const nlohmann::json& claims, std::initializer_list<const char*> names) {
    for (const char* name : names) {
        if (auto v = textOf(claims, name); !v.empty()) {
            return v;
        }
    }
    return {};
}

std::string errorOf(const nlohmann::json& reply) {
    std::string out = textOf(reply, "error");
    if (auto description = textOf(reply, "error_description"); !description.empty()) {
        out += ": " + description;
    }
    return out;
}

std::string clipped(const std::string& body) {
    constexpr std::size_t kMax = 300;
    return body.size() > kMax ? body.substr(0, kMax) + "..." : body;
}

}  // namespace

struct OAuthClient::Endpoints {
    std::string issuer;
    std::string authorization;
    std::string token;
    std::string userinfo;
    std::string jwks;
    bool secret_in_body = false;  ///< client_secret_post rather than client_secret_basic
};

struct OAuthClient::CachedEndpoints {
    Endpoints endpoints;
    std::int64_t fetched_at = 0;
};

struct OAuthClient::CachedKeys {
    std::shared_ptr<const nlohmann::json> jwks;
    std::int64_t fetched_at = 0;
};

std::string pkceChallenge(std::string_view verifier) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    EVP_Digest(verifier.data(), verifier.size(), digest.data(), &size, EVP_sha256(), nullptr);
    return base64UrlEncode(std::string_view(reinterpret_cast<const char*>(digest.data()),
                                            static_cast<std::size_t>(size)));
}

OAuthClient::OAuthClient(std::vector<ProviderConfig> providers, HttpClient& http)
    : providers_(std::move(providers)), http_(http) {}

OAuthClient::~OAuthClient() = default;

const ProviderConfig* OAuthClient::find(std::string_view id) const {
    for (const auto& p : providers_) {
        if (p.id == id) {
            return &p;
        }
    }
    return nullptr;
}

Result<nlohmann::json> OAuthClient::getJson(const ProviderConfig& provider, const std::string& url,
                                            const std::string& bearer, std::string_view what) {
    HttpFields headers = {{"Accept", "application/json"}};
    if (!bearer.empty()) {
        headers.emplace_back("Authorization", "Bearer " + bearer);
    }
    auto reply = http_.get(url, headers, provider.timeout);
    if (!reply) {
        return fail(named(provider, std::move(reply.error())));
    }
    auto json = nlohmann::json::parse(reply->body, nullptr, false);
    if (reply->status != 200 || json.is_discarded() || !json.is_object()) {
        return fail(Error::upstream(
            labelOf(provider) + " gave an answer Masthead could not use. Please try again later.",
            std::string(what) + " " + url.substr(0, url.find('?')) + " answered HTTP " +
                std::to_string(reply->status) + ": " + clipped(reply->body)));
    }
    return json;
}

Result<OAuthClient::Endpoints> OAuthClient::endpoints(const ProviderConfig& p, std::int64_t now) {
    Endpoints e{p.issuer,         p.authorization_endpoint,
                p.token_endpoint, p.userinfo_endpoint,
                p.jwks_uri,       false};
    switch (p.kind) {
        case ProviderKind::kKakao:
        case ProviderKind::kNaver:
        case ProviderKind::kFacebook:
            e.secret_in_body = true;  // as their documentation shows
            break;
        case ProviderKind::kOidc:
        case ProviderKind::kGoogle:
        case ProviderKind::kTwitter:
            break;
    }
    const bool complete = !e.authorization.empty() && !e.token.empty() &&
                          (!isOpenIdConnect(p.kind) || !e.jwks.empty());
    if (complete) {
        return e;
    }
    if (!isOpenIdConnect(p.kind) || p.issuer.empty()) {
        return fail(Error::internal("Logging in with " + labelOf(p) + " is not set up correctly.",
                                    "provider \"" + p.id + "\" lacks endpoints and an issuer"));
    }
    {
        std::lock_guard lock(mutex_);
        const auto it = discovery_.find(p.id);
        if (it != discovery_.end() && now - it->second->fetched_at < kDiscoverySeconds) {
            return it->second->endpoints;
        }
    }
    std::string base = p.issuer;
    while (base.ends_with('/')) {
        base.pop_back();
    }
    auto doc = getJson(p, base + "/.well-known/openid-configuration", "", "discovery");
    if (!doc) {
        return fail(doc.error());
    }
    if (textOf(*doc, "issuer") != p.issuer) {
        return fail(Error::upstream(
            labelOf(p) + " gave an answer Masthead could not use. Please try again later.",
            "discovery issuer \"" + textOf(*doc, "issuer") + "\" is not the configured \"" +
                p.issuer + "\""));
    }
    const auto take = [&](std::string& field, const char* name) -> Result<void> {
        if (!field.empty()) {
            return {};  // configuration wins
        }
        field = textOf(*doc, name);
        if (!field.empty() && !isAllowedProviderUrl(field)) {
            return fail(Error::upstream(
                labelOf(p) + " gave an answer Masthead could not use. Please try again later.",
                std::string("discovery ") + name + " is not an https URL: " + field));
        }
        return {};
    };
    for (const auto& [field, name] :
         {std::pair{&e.authorization, "authorization_endpoint"},
          std::pair{&e.token, "token_endpoint"}, std::pair{&e.userinfo, "userinfo_endpoint"},
          std::pair{&e.jwks, "jwks_uri"}}) {
        if (auto ok = take(*field, name); !ok) {
            return fail(ok.error());
        }
    }
    if (e.authorization.empty() || e.token.empty() || e.jwks.empty()) {
        return fail(Error::upstream(
            labelOf(p) + " gave an answer Masthead could not use. Please try again later.",
            "discovery lacks authorization_endpoint, token_endpoint or jwks_uri"));
    }
    const auto methods = doc->find("token_endpoint_auth_methods_supported");
    if (p.kind == ProviderKind::kOidc && methods != doc->end() && methods->is_array()) {
        const auto has = [&](std::string_view m) {
            return std::ranges::any_of(*methods, [&](const auto& v) { return v == m; });
        };
        e.secret_in_body = !has("client_secret_basic") && has("client_secret_post");
    }
    std::lock_guard lock(mutex_);
    discovery_[p.id] = std::make_shared<const CachedEndpoints>(CachedEndpoints{e, now});
    return e;
}

Result<std::shared_ptr<const nlohmann::json>> OAuthClient::keys(const ProviderConfig& p,
                                                                const Endpoints& e,
                                                                std::int64_t now, bool refresh) {
    {
        std::lock_guard lock(mutex_);
        const auto it = keys_.find(p.id);
        if (it != keys_.end()) {
            const std::int64_t age = now - it->second->fetched_at;
            if (refresh ? age < kKeysRefetchSeconds : age < kKeysSeconds) {
                if (refresh) {
                    return fail(Error::notFound("the key set was fetched less than a minute ago"));
                }
                return it->second->jwks;
            }
        }
    }
    auto jwks = getJson(p, e.jwks, "", "jwks_uri");
    if (!jwks) {
        return fail(jwks.error());
    }
    auto shared = std::make_shared<const nlohmann::json>(std::move(*jwks));
    std::lock_guard lock(mutex_);
    keys_[p.id] = std::make_shared<const CachedKeys>(CachedKeys{shared, now});
    return shared;
}

Result<std::pair<std::string, PendingLogin>> OAuthClient::begin(std::string_view provider_id,
                                                                std::string_view redirect_uri,
                                                                std::string return_to,
                                                                std::int64_t now) {
    const ProviderConfig* p = find(provider_id);
    if (p == nullptr) {
        return fail(Error::notFound("There is no login with \"" + std::string(provider_id) + "\".",
                                    "unknown provider id"));
    }
    auto e = endpoints(*p, now);
    if (!e) {
        return fail(e.error());
    }
    PendingLogin pending;
    pending.provider_id = p->id;
    pending.state = randomToken(kRandomBytes);
    if (isOpenIdConnect(p->kind)) {
        pending.nonce = randomToken(kRandomBytes);
    }
    pending.code_verifier = randomToken(kRandomBytes);
    pending.return_to = std::move(return_to);
    pending.created_at = now;

    HttpFields query = {{"response_type", "code"},
                        {"client_id", p->client_id},
                        {"redirect_uri", std::string(redirect_uri)}};
    if (!p->scopes.empty()) {
        query.emplace_back("scope", joined(p->scopes));
    }
    query.emplace_back("state", pending.state);
    query.emplace_back("code_challenge", pkceChallenge(pending.code_verifier));
    query.emplace_back("code_challenge_method", "S256");
    if (!pending.nonce.empty()) {
        query.emplace_back("nonce", pending.nonce);
    }
    const char joiner = e->authorization.find('?') == std::string::npos ? '?' : '&';
    return std::pair{e->authorization + joiner + formEncode(query), std::move(pending)};
}

Result<ExternalProfile> OAuthClient::complete(const PendingLogin& pending, std::string_view code,
                                              std::string_view redirect_uri, std::int64_t now) {
    const ProviderConfig* p = find(pending.provider_id);
    if (p == nullptr) {
        return fail(Error::notFound("There is no login with \"" + pending.provider_id + "\".",
                                    "unknown provider id"));
    }
    if (now - pending.created_at > kPendingLoginSeconds || now < pending.created_at) {
        return fail(Error::invalidInput(
            "The login took too long. Please try again.",
            "pending login is " + std::to_string(now - pending.created_at) + " s old"));
    }
    if (code.empty()) {
        return fail(Error::invalidInput(labelOf(*p) + " did not confirm the login.",
                                        "the callback has no code"));
    }
    auto e = endpoints(*p, now);
    if (!e) {
        return fail(e.error());
    }
    HttpFields form = {{"grant_type", "authorization_code"},
                       {"code", std::string(code)},
                       {"redirect_uri", std::string(redirect_uri)},
                       {"code_verifier", pending.code_verifier}};
    HttpFields headers = {{"Accept", "application/json"}};
    if (e->secret_in_body) {
        form.emplace_back("client_id", p->client_id);
        form.emplace_back("client_secret", p->client_secret);
    } else {
        // RFC 6749 section 2.3.1: both parts form-encoded, then base64.
        headers.emplace_back("Authorization",
                             "Basic " + standardBase64(percentEncode(p->client_id) + ":" +
                                                       percentEncode(p->client_secret)));
        if (p->kind == ProviderKind::kTwitter) {
            form.emplace_back("client_id", p->client_id);  // Twitter's documented request
        }
    }
    if (p->kind == ProviderKind::kNaver) {
        form.emplace_back("state", pending.state);  // Naver's token request requires it
    }
    auto reply = http_.postForm(e->token, form, headers, p->timeout);
    if (!reply) {
        return fail(named(*p, std::move(reply.error())));
    }
    const auto tokens = nlohmann::json::parse(reply->body, nullptr, false);
    const std::string label = labelOf(*p);
    const std::string problem = tokens.is_object() ? errorOf(tokens) : "";
    if (!problem.empty() || reply->status != 200 || !tokens.is_object()) {
        const std::string detail = "token endpoint answered HTTP " + std::to_string(reply->status) +
                                   ": " + (problem.empty() ? clipped(reply->body) : problem);
        const std::string error = textOf(tokens, "error");
        if (error == "invalid_grant") {
            return fail(Error::invalidInput(
                label + " did not confirm the login: the sign-in code has expired or was already "
                        "used. Please try again.",
                detail));
        }
        if (error == "invalid_client" || error == "unauthorized_client") {
            return fail(
                Error::internal("Logging in with " + label + " is not set up correctly.", detail));
        }
        return fail(
            Error::upstream(label + " did not confirm the login. Please try again.", detail));
    }
    const std::string access_token = textOf(tokens, "access_token");
    if (isOpenIdConnect(p->kind)) {
        return fromIdToken(*p, *e, pending, tokens, now);
    }
    if (access_token.empty()) {
        return fail(Error::upstream(label + " did not confirm the login. Please try again.",
                                    "the token answer has no access_token"));
    }
    return fromProfileApi(*p, *e, access_token);
}

Result<ExternalProfile> OAuthClient::fromIdToken(const ProviderConfig& p, const Endpoints& e,
                                                 const PendingLogin& pending,
                                                 const nlohmann::json& tokens, std::int64_t now) {
    const std::string label = labelOf(p);
    const std::string id_token = textOf(tokens, "id_token");
    if (id_token.empty()) {
        return fail(Error::upstream(label + " did not confirm the login: no id_token came.",
                                    "the token answer has no id_token (is \"openid\" among "
                                    "the scopes?)"));
    }
    IdTokenExpectations expect;
    expect.issuer = e.issuer;
    if (p.kind == ProviderKind::kGoogle) {
        expect.other_issuer = "accounts.google.com";  // Google's documented legacy value
    }
    expect.audience = p.client_id;
    expect.nonce = pending.nonce;
    expect.now = now;
    auto jwks = keys(p, e, now, false);
    if (!jwks) {
        return fail(jwks.error());
    }
    auto claims = verifyIdToken(id_token, **jwks, expect);
    if (!claims && claims.error().code == ErrorCode::kNotFound) {
        // The provider may have rotated its keys since we fetched them.
        if (auto fresh = keys(p, e, now, true)) {
            claims = verifyIdToken(id_token, **fresh, expect);
        } else if (fresh.error().code != ErrorCode::kNotFound) {
            return fail(fresh.error());
        }
    }
    if (!claims) {
        return fail(Error::invalidInput(
            label + " did not confirm the login: " + claims.error().message + ".",
            claims.error().detail));
    }
    ExternalProfile profile;
    profile.provider = p.id;
    profile.subject = textOf(*claims, "sub");
    std::string name = firstText(*claims, {"name", "nickname", "preferred_username"});
    std::string picture = textOf(*claims, "picture");
    const std::string access_token = textOf(tokens, "access_token");
    if (name.empty() && !e.userinfo.empty() && !access_token.empty()) {
        auto info = getJson(p, e.userinfo, access_token, "userinfo");
        if (!info) {
            return fail(info.error());
        }
        if (textOf(*info, "sub") != profile.subject) {
            return fail(Error::invalidInput(
                label + " did not confirm the login: the profile is of another account.",
                "userinfo sub \"" + textOf(*info, "sub") + "\" is not the id_token's"));
        }
        name = firstText(*info, {"name", "nickname", "preferred_username"});
        if (picture.empty()) {
            picture = textOf(*info, "picture");
        }
    }
    profile.display_name = cleanDisplayName(name);
    profile.avatar_url = cleanAvatarUrl(picture);
    return profile;
}

Result<ExternalProfile> OAuthClient::fromProfileApi(const ProviderConfig& p, const Endpoints& e,
                                                    const std::string& access_token) {
    const std::string label = labelOf(p);
    if (e.userinfo.empty()) {
        return fail(Error::internal("Logging in with " + label + " is not set up correctly.",
                                    "provider \"" + p.id + "\" has no userinfo_endpoint"));
    }
    auto me = getJson(p, e.userinfo, access_token, "profile API");
    if (!me) {
        return fail(me.error());
    }
    ExternalProfile profile;
    profile.provider = p.id;
    std::string name, picture;
    switch (p.kind) {
        case ProviderKind::kTwitter: {
            // {"data":{"id","name","username","profile_image_url"}}
            const auto data = me->value("data", nlohmann::json::object());
            profile.subject = textOf(data, "id");
            name = firstText(data, {"name", "username"});
            picture = textOf(data, "profile_image_url");
            break;
        }
        case ProviderKind::kFacebook: {
            // {"id","name","picture":{"data":{"url"}}}
            profile.subject = textOf(*me, "id");
            name = textOf(*me, "name");
            const auto pic = me->value("picture", nlohmann::json::object());
            if (pic.is_object()) {
                picture = textOf(pic.value("data", nlohmann::json::object()), "url");
            }
            break;
        }
        case ProviderKind::kNaver: {
            // {"resultcode":"00","message":"success","response":{"id","nickname","name",...}}
            if (textOf(*me, "resultcode") != "00") {
                return fail(Error::upstream(
                    label + " did not share the reader's profile. Please try again.",
                    "profile API resultcode \"" + textOf(*me, "resultcode") +
                        "\": " + textOf(*me, "message")));
            }
            const auto response = me->value("response", nlohmann::json::object());
            profile.subject = textOf(response, "id");
            name = firstText(response, {"nickname", "name"});
            picture = textOf(response, "profile_image");
            break;
        }
        case ProviderKind::kOidc:
        case ProviderKind::kGoogle:
        case ProviderKind::kKakao:
            break;  // not reached: these use the id_token
    }
    if (profile.subject.empty()) {
        return fail(
            Error::upstream(label + " did not share the reader's profile. Please try again.",
                            "profile API answer has no account id: " + clipped(me->dump())));
    }
    profile.display_name = cleanDisplayName(name);
    profile.avatar_url = cleanAvatarUrl(picture);
    return profile;
}

}  // namespace masthead::identity
