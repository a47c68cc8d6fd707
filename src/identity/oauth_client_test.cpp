#include "identity/oauth_client.h"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <ranges>

#include "identity/oauth_test_support.h"

namespace masthead::identity {
namespace {

using testing::keySet;
using testing::TestKey;

constexpr std::int64_t kNow = 1'700'000'000;
constexpr std::string_view kRedirect = "https://news.example/login/callback?x=1";

/// Stands in for the network: answers each URL from canned replies and records every request.
/// Only the mapping of providers' answers is tested here; end-to-end logins against a real
/// OpenID Connect provider (oidc-provider) and local stand-ins for Twitter, Facebook and Naver
/// are tested by the integration tests (tests/support/oidc_provider.mjs, social_apis.mjs).
class CannedHttp final : public HttpClient {
  public:
    struct Request {
        std::string method;
        std::string url;
        HttpFields form;
        HttpFields headers;

        [[nodiscard]] std::string field(std::string_view name, bool header = false) const {
            for (const auto& [k, v] : header ? headers : form) {
                if (k == name) {
                    return v;
                }
            }
            return "";
        }
    };

    /// Answers the next request for `url` with `body` (JSON text) and `status`.
    /// Replies queue up; the last one repeats until another is added.
    void answer(const std::string& url, std::string body, long status = 200) {
        auto& queue = replies_[url];
        if (queue.served_last) {
            queue.replies.clear();
            queue.served_last = false;
        }
        queue.replies.push_back(HttpReply{status, std::move(body), "application/json"});
    }
    void answer(const std::string& url, const nlohmann::json& body, long status = 200) {
        answer(url, body.dump(), status);
    }
    /// Fails the next request for `url` as CurlHttpClient does when nothing answers.
    void silence(const std::string& url) { silent_[url] = true; }

    Result<HttpReply> get(std::string_view url, const HttpFields& headers,
                          std::chrono::milliseconds /*timeout*/) override {
        return reply({"GET", std::string(url), {}, headers});
    }
    Result<HttpReply> postForm(std::string_view url, const HttpFields& form,
                               const HttpFields& headers,
                               std::chrono::milliseconds /*timeout*/) override {
        return reply({"POST", std::string(url), form, headers});
    }

    [[nodiscard]] std::size_t count(const std::string& url) const {
        std::size_t n = 0;
        for (const auto& r : requests) {
            n += r.url == url ? 1 : 0;
        }
        return n;
    }
    [[nodiscard]] const Request& last(const std::string& url) const {
        for (const Request& r : std::views::reverse(requests)) {
            if (r.url == url) {
                return r;
            }
        }
        throw std::logic_error("no request for " + url);
    }

    std::vector<Request> requests;

  private:
    Result<HttpReply> reply(const Request& request) {
        requests.push_back(request);
        if (silent_[request.url]) {
            return fail(
                Error::upstream("The login provider did not answer in time", "canned timeout"));
        }
        auto& queue = replies_[request.url];
        if (queue.replies.empty()) {
            return HttpReply{404, R"({"error":"not_found"})", "application/json"};
        }
        HttpReply r = queue.replies.front();
        if (queue.replies.size() > 1) {
            queue.replies.pop_front();
        } else {
            queue.served_last = true;
        }
        return r;
    }

    struct Queue {
        std::deque<HttpReply> replies;
        bool served_last = false;
    };

    std::map<std::string, Queue> replies_;
    std::map<std::string, bool> silent_;
};

/// The query parameters of `url`, percent-decoded.
std::map<std::string, std::string> queryOf(const std::string& url) {
    std::map<std::string, std::string> out;
    const auto decode = [](std::string_view s) {
        std::string r;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '%' && i + 2 < s.size()) {
                r += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
                i += 2;
            } else {
                r += s[i];
            }
        }
        return r;
    };
    std::string_view q(url);
    q.remove_prefix(q.find('?') + 1);
    while (!q.empty()) {
        const auto amp = q.find('&');
        const std::string_view pair = q.substr(0, amp);
        const auto eq = pair.find('=');
        out[decode(pair.substr(0, eq))] = decode(pair.substr(eq + 1));
        q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    }
    return out;
}

ProviderConfig local(ProviderKind kind, std::string id = "") {
    ProviderConfig p = preset(kind);
    if (!id.empty()) {
        p.id = std::move(id);
    }
    p.client_id = "client-1";
    p.client_secret = "secret:1";
    const std::string base = "http://127.0.0.1:9/" + p.id;
    if (isOpenIdConnect(kind)) {
        p.issuer = base;
    }
    p.authorization_endpoint = base + "/authorize";
    p.token_endpoint = base + "/token";
    p.userinfo_endpoint = base + "/me";
    p.jwks_uri = isOpenIdConnect(kind) ? base + "/jwks" : "";
    return p;
}

TEST(Pkce, MatchesRfc7636AppendixB) {
    EXPECT_EQ(pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
              "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(Presets, FillTheDocumentedEndpoints) {
    const auto google = preset(ProviderKind::kGoogle);
    EXPECT_EQ(google.issuer, "https://accounts.google.com");
    EXPECT_EQ(google.label, "Google");
    EXPECT_EQ(preset(ProviderKind::kKakao).issuer, "https://kauth.kakao.com");
    EXPECT_EQ(preset(ProviderKind::kNaver).token_endpoint, "https://nid.naver.com/oauth2.0/token");
    EXPECT_EQ(preset(ProviderKind::kTwitter).scopes,
              (std::vector<std::string>{"users.read", "tweet.read"}));
    EXPECT_TRUE(preset(ProviderKind::kFacebook).userinfo_endpoint.starts_with("https://graph."));
    for (const auto kind :
         {ProviderKind::kOidc, ProviderKind::kGoogle, ProviderKind::kKakao, ProviderKind::kNaver,
          ProviderKind::kTwitter, ProviderKind::kFacebook}) {
        EXPECT_EQ(parseKind(kindName(kind)), kind);
    }
    EXPECT_FALSE(parseKind("myspace"));
}

TEST(OAuthClientBegin, BuildsTheAuthorizationUrl) {
    CannedHttp http;
    ProviderConfig google = preset(ProviderKind::kGoogle);
    google.client_id = "1234.apps.googleusercontent.com";
    google.client_secret = "s";
    OAuthClient client({google}, http);
    auto begun = client.begin("google", kRedirect, "/opinion/x", kNow);
    ASSERT_TRUE(begun) << begun.error().message;
    const auto& [url, pending] = *begun;
    EXPECT_TRUE(url.starts_with("https://accounts.google.com/o/oauth2/v2/auth?")) << url;
    EXPECT_NE(url.find("redirect_uri=https%3A%2F%2Fnews.example%2Flogin%2Fcallback%3Fx%3D1"),
              std::string::npos)
        << url;
    EXPECT_NE(url.find("scope=openid%20profile"), std::string::npos) << url;
    const auto q = queryOf(url);
    EXPECT_EQ(q.at("response_type"), "code");
    EXPECT_EQ(q.at("client_id"), "1234.apps.googleusercontent.com");
    EXPECT_EQ(q.at("redirect_uri"), kRedirect);
    EXPECT_EQ(q.at("state"), pending.state);
    EXPECT_EQ(q.at("nonce"), pending.nonce);
    EXPECT_EQ(q.at("code_challenge"), pkceChallenge(pending.code_verifier));
    EXPECT_EQ(q.at("code_challenge_method"), "S256");
    EXPECT_EQ(pending.state.size(), 43U);  // 32 random bytes
    EXPECT_EQ(pending.nonce.size(), 43U);
    EXPECT_EQ(pending.code_verifier.size(), 43U);
    EXPECT_EQ(pending.provider_id, "google");
    EXPECT_EQ(pending.return_to, "/opinion/x");
    EXPECT_EQ(pending.created_at, kNow);
    EXPECT_TRUE(http.requests.empty());  // the preset needs no discovery

    auto again = client.begin("google", kRedirect, "/", kNow);
    ASSERT_TRUE(again);
    EXPECT_NE(again->second.state, pending.state);
    EXPECT_NE(again->second.code_verifier, pending.code_verifier);
}

TEST(OAuthClientBegin, PlainOAuthKindsHaveNoNonceAndNaverNoScope) {
    CannedHttp http;
    OAuthClient client({local(ProviderKind::kTwitter), local(ProviderKind::kNaver)}, http);
    auto twitter = client.begin("twitter", kRedirect, "/", kNow);
    ASSERT_TRUE(twitter);
    EXPECT_TRUE(twitter->second.nonce.empty());
    const auto q = queryOf(twitter->first);
    EXPECT_EQ(q.count("nonce"), 0U);
    EXPECT_EQ(q.at("scope"), "users.read tweet.read");
    auto naver = client.begin("naver", kRedirect, "/", kNow);
    ASSERT_TRUE(naver);
    EXPECT_EQ(queryOf(naver->first).count("scope"), 0U);
    auto unknown = client.begin("myspace", kRedirect, "/", kNow);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TEST(OAuthClientBegin, GenericOidcUsesDiscoveryOnce) {
    CannedHttp http;
    ProviderConfig corp = preset(ProviderKind::kOidc);
    corp.id = "corp-sso";
    corp.label = "Corp SSO";
    corp.issuer = "http://127.0.0.1:9/realms/news";
    corp.client_id = "c";
    corp.client_secret = "s";
    http.answer("http://127.0.0.1:9/realms/news/.well-known/openid-configuration",
                nlohmann::json{{"issuer", "http://127.0.0.1:9/realms/news"},
                               {"authorization_endpoint", "http://127.0.0.1:9/auth?tenant=7"},
                               {"token_endpoint", "http://127.0.0.1:9/token"},
                               {"jwks_uri", "http://127.0.0.1:9/jwks"}});
    OAuthClient client({corp}, http);
    auto begun = client.begin("corp-sso", kRedirect, "/", kNow);
    ASSERT_TRUE(begun) << begun.error().message << " / " << begun.error().detail;
    EXPECT_TRUE(begun->first.starts_with("http://127.0.0.1:9/auth?tenant=7&response_type=code"))
        << begun->first;
    ASSERT_TRUE(client.begin("corp-sso", kRedirect, "/", kNow + 60));
    EXPECT_EQ(http.requests.size(), 1U);
}

TEST(OAuthClientBegin, ADiscoveryDocumentOfAnotherIssuerIsRefused) {
    CannedHttp http;
    ProviderConfig corp = preset(ProviderKind::kOidc);
    corp.id = "corp";
    corp.label = "Corp";
    corp.issuer = "http://127.0.0.1:9/a";
    http.answer("http://127.0.0.1:9/a/.well-known/openid-configuration",
                nlohmann::json{{"issuer", "http://127.0.0.1:9/b"},
                               {"authorization_endpoint", "http://127.0.0.1:9/auth"},
                               {"token_endpoint", "http://127.0.0.1:9/token"},
                               {"jwks_uri", "http://127.0.0.1:9/jwks"}});
    OAuthClient client({corp}, http);
    auto begun = client.begin("corp", kRedirect, "/", kNow);
    ASSERT_FALSE(begun);
    EXPECT_EQ(begun.error().code, ErrorCode::kUpstream);
    EXPECT_TRUE(begun.error().message.starts_with("Corp ")) << begun.error().message;
    EXPECT_NE(begun.error().detail.find("issuer"), std::string::npos);
}

class OidcLoginTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        key_ = new TestKey("RS256", "k1");
        rotated_ = new TestKey("ES256", "k2");
    }
    static void TearDownTestSuite() {
        delete key_;
        delete rotated_;
    }

    /// Begins a login with `provider` and makes the token endpoint answer with an id_token
    /// of `claims` (iss, aud, nonce, iat and exp filled in) signed by `key`, at `now`.
    PendingLogin prepare(OAuthClient& client, const ProviderConfig& provider, nlohmann::json claims,
                         const TestKey& key, std::int64_t now = kNow) {
        auto begun = client.begin(provider.id, kRedirect, "/", now);
        EXPECT_TRUE(begun);
        claims.emplace("iss", provider.issuer);
        claims.emplace("aud", provider.client_id);
        claims.emplace("nonce", begun->second.nonce);
        claims.emplace("iat", now);
        claims.emplace("exp", now + 3600);
        http_.answer(provider.token_endpoint, nlohmann::json{{"access_token", "at-1"},
                                                             {"token_type", "Bearer"},
                                                             {"id_token", key.sign(claims)}});
        return begun->second;
    }

    CannedHttp http_;
    static inline TestKey* key_ = nullptr;
    static inline TestKey* rotated_ = nullptr;
};

TEST_F(OidcLoginTest, GoogleIdTokenGivesTheProfile) {
    const auto google = local(ProviderKind::kGoogle);
    http_.answer(google.jwks_uri, keySet({key_}));
    OAuthClient client({google}, http_);
    const auto pending = prepare(client, google,
                                 {{"sub", "10769150350006150715113082367"},
                                  {"name", "  Lee   Min-ho \n"},
                                  {"picture", "https://lh3.googleusercontent.com/a/x=s96-c"}},
                                 *key_);
    auto profile = client.complete(pending, "code-1", kRedirect, kNow + 5);
    ASSERT_TRUE(profile) << profile.error().message << " / " << profile.error().detail;
    EXPECT_EQ(profile->provider, "google");
    EXPECT_EQ(profile->subject, "10769150350006150715113082367");
    EXPECT_EQ(profile->display_name, "Lee Min-ho");
    EXPECT_EQ(profile->avatar_url, "https://lh3.googleusercontent.com/a/x=s96-c");

    const auto& token = http_.last(google.token_endpoint);
    EXPECT_EQ(token.method, "POST");
    EXPECT_EQ(token.field("grant_type"), "authorization_code");
    EXPECT_EQ(token.field("code"), "code-1");
    EXPECT_EQ(token.field("redirect_uri"), kRedirect);
    EXPECT_EQ(token.field("code_verifier"), pending.code_verifier);
    EXPECT_EQ(token.field("client_secret"), "");
    // client_secret_basic with both parts form-encoded: "client-1:secret%3A1".
    EXPECT_EQ(token.field("Authorization", true), "Basic Y2xpZW50LTE6c2VjcmV0JTNBMQ==");
    EXPECT_EQ(http_.count("http://127.0.0.1:9/google/me"), 0U);  // the id_token had a name
}

TEST_F(OidcLoginTest, KakaoSendsTheSecretInTheBodyAndUsesTheNickname) {
    const auto kakao = local(ProviderKind::kKakao);
    http_.answer(kakao.jwks_uri, keySet({key_}));
    OAuthClient client({kakao}, http_);
    const auto pending =
        prepare(client, kakao,
                {{"sub", "3141592653"},
                 {"nickname", "김지원"},
                 {"picture", "http://k.kakaocdn.net/dn/img_640x640.jpg"}},  // http: not kept
                *key_);
    auto profile = client.complete(pending, "c", kRedirect, kNow);
    ASSERT_TRUE(profile) << profile.error().message << " / " << profile.error().detail;
    EXPECT_EQ(profile->subject, "3141592653");
    EXPECT_EQ(profile->display_name, "김지원");
    EXPECT_EQ(profile->avatar_url, "");
    const auto& token = http_.last(kakao.token_endpoint);
    EXPECT_EQ(token.field("client_id"), "client-1");
    EXPECT_EQ(token.field("client_secret"), "secret:1");
    EXPECT_EQ(token.field("Authorization", true), "");
}

TEST_F(OidcLoginTest, NamesComeFromUserinfoWhenTheIdTokenHasNone) {
    auto corp = local(ProviderKind::kOidc, "corp-sso");
    corp.label = "Corp SSO";
    http_.answer(corp.jwks_uri, keySet({key_}));
    http_.answer(corp.userinfo_endpoint,
                 nlohmann::json{{"sub", "alice"},
                                {"name", "Alice Tester"},
                                {"picture", "http://127.0.0.1:9/alice.png"}});
    OAuthClient client({corp}, http_);
    auto profile =
        client.complete(prepare(client, corp, {{"sub", "alice"}}, *key_), "c", kRedirect, kNow);
    ASSERT_TRUE(profile) << profile.error().message << " / " << profile.error().detail;
    EXPECT_EQ(profile->display_name, "Alice Tester");
    EXPECT_EQ(profile->avatar_url, "http://127.0.0.1:9/alice.png");  // loopback http is kept
    EXPECT_EQ(http_.last(corp.userinfo_endpoint).field("Authorization", true), "Bearer at-1");

    http_.answer(corp.userinfo_endpoint, nlohmann::json{{"sub", "mallory"}, {"name", "M"}});
    auto other =
        client.complete(prepare(client, corp, {{"sub", "alice"}}, *key_), "c", kRedirect, kNow);
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().message,
              "Corp SSO did not confirm the login: the profile is of another account.");
}

TEST_F(OidcLoginTest, AnUnknownKeyRefetchesTheKeySetAtMostOnceAMinute) {
    const auto google = local(ProviderKind::kGoogle);
    http_.answer(google.jwks_uri, keySet({key_}));
    http_.answer(google.jwks_uri, keySet({key_, rotated_}));
    OAuthClient client({google}, http_);
    // Keys fetched at kNow; a token from the rotated key an hour later makes one refetch.
    ASSERT_TRUE(client.complete(prepare(client, google, {{"sub", "a"}, {"name", "A"}}, *key_), "c",
                                kRedirect, kNow));
    auto begun = client.begin("google", kRedirect, "/", kNow + 3600);
    ASSERT_TRUE(begun);
    http_.answer(google.token_endpoint,
                 nlohmann::json{{"access_token", "at"},
                                {"id_token", rotated_->sign({{"iss", google.issuer},
                                                             {"aud", "client-1"},
                                                             {"sub", "b"},
                                                             {"name", "B"},
                                                             {"nonce", begun->second.nonce},
                                                             {"iat", kNow + 3600},
                                                             {"exp", kNow + 7200}})}});
    auto rotated = client.complete(begun->second, "c", kRedirect, kNow + 3600);
    ASSERT_TRUE(rotated) << rotated.error().message << " / " << rotated.error().detail;
    EXPECT_EQ(rotated->subject, "b");
    EXPECT_EQ(http_.count(google.jwks_uri), 2U);

    // A token from a key nobody published, a few seconds later: no third fetch.
    TestKey stranger("RS256", "k3");
    auto pending = prepare(client, google, {{"sub", "c"}}, stranger, kNow + 3605);
    auto refused = client.complete(pending, "c", kRedirect, kNow + 3610);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(refused.error().message,
              "Google did not confirm the login: the answer was signed with an unknown key.");
    EXPECT_EQ(http_.count(google.jwks_uri), 2U);
}

TEST_F(OidcLoginTest, AWrongNonceIsRefused) {
    const auto google = local(ProviderKind::kGoogle);
    http_.answer(google.jwks_uri, keySet({key_}));
    OAuthClient client({google}, http_);
    auto pending = prepare(client, google, {{"sub", "a"}, {"nonce", "replayed"}}, *key_);
    auto r = client.complete(pending, "c", kRedirect, kNow);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message,
              "Google did not confirm the login: the answer does not belong to this login "
              "attempt.");
}

class SocialLoginTest : public ::testing::Test {
  protected:
    /// Completes a login with `provider` whose profile API answers `me`.
    Result<ExternalProfile> login(const ProviderConfig& provider, const nlohmann::json& me) {
        OAuthClient client({provider}, http_);
        auto begun = client.begin(provider.id, kRedirect, "/", kNow);
        EXPECT_TRUE(begun);
        pending_ = begun->second;
        http_.answer(provider.token_endpoint,
                     nlohmann::json{{"access_token", "at-9"}, {"token_type", "bearer"}});
        http_.answer(provider.userinfo_endpoint, me);
        return client.complete(pending_, "code-9", kRedirect, kNow + 30);
    }

    CannedHttp http_;
    PendingLogin pending_;
};

TEST_F(SocialLoginTest, TwitterUsersMe) {
    const auto twitter = local(ProviderKind::kTwitter);
    auto profile =
        login(twitter, {{"data",
                         {{"id", "2244994945"},
                          {"name", "X Developers"},
                          {"username", "XDevelopers"},
                          {"profile_image_url", "https://pbs.twimg.com/p/x_normal.jpg"}}}});
    ASSERT_TRUE(profile) << profile.error().message << " / " << profile.error().detail;
    EXPECT_EQ(profile->provider, "twitter");
    EXPECT_EQ(profile->subject, "2244994945");
    EXPECT_EQ(profile->display_name, "X Developers");
    EXPECT_EQ(profile->avatar_url, "https://pbs.twimg.com/p/x_normal.jpg");
    const auto& token = http_.last(twitter.token_endpoint);
    EXPECT_EQ(token.field("Authorization", true), "Basic Y2xpZW50LTE6c2VjcmV0JTNBMQ==");
    EXPECT_EQ(token.field("client_id"), "client-1");
    EXPECT_EQ(token.field("client_secret"), "");
    EXPECT_EQ(token.field("code_verifier"), pending_.code_verifier);
    EXPECT_EQ(http_.last(twitter.userinfo_endpoint).field("Authorization", true), "Bearer at-9");
}

TEST_F(SocialLoginTest, TwitterFallsBackToTheUsername) {
    auto profile = login(local(ProviderKind::kTwitter),
                         {{"data", {{"id", "1"}, {"name", ""}, {"username", "jack"}}}});
    ASSERT_TRUE(profile);
    EXPECT_EQ(profile->display_name, "jack");
    EXPECT_EQ(profile->avatar_url, "");
}

TEST_F(SocialLoginTest, FacebookMe) {
    const auto facebook = local(ProviderKind::kFacebook);
    auto profile = login(
        facebook,
        {{"id", "10158000000000001"},
         {"name", "Park Seo-yeon"},
         {"picture",
          {{"data", {{"url", "https://platform-lookaside.fbsbx.com/p?asid=1"}, {"width", 50}}}}}});
    ASSERT_TRUE(profile) << profile.error().message << " / " << profile.error().detail;
    EXPECT_EQ(profile->subject, "10158000000000001");
    EXPECT_EQ(profile->display_name, "Park Seo-yeon");
    EXPECT_EQ(profile->avatar_url, "https://platform-lookaside.fbsbx.com/p?asid=1");
    const auto& token = http_.last(facebook.token_endpoint);
    EXPECT_EQ(token.field("client_id"), "client-1");
    EXPECT_EQ(token.field("client_secret"), "secret:1");
}

TEST_F(SocialLoginTest, NaverMeAndItsResultCode) {
    const auto naver = local(ProviderKind::kNaver);
    auto profile =
        login(naver, {{"resultcode", "00"},
                      {"message", "success"},
                      {"response",
                       {{"id", "32742776"},
                        {"nickname", "OpenAPI"},
                        {"name", "오픈 API"},
                        {"profile_image", "https://ssl.pstatic.net/static/pwe/a.png"}}}});
    ASSERT_TRUE(profile) << profile.error().message << " / " << profile.error().detail;
    EXPECT_EQ(profile->subject, "32742776");
    EXPECT_EQ(profile->display_name, "OpenAPI");
    EXPECT_EQ(profile->avatar_url, "https://ssl.pstatic.net/static/pwe/a.png");
    const auto& token = http_.last(naver.token_endpoint);
    EXPECT_EQ(token.field("client_secret"), "secret:1");
    EXPECT_EQ(token.field("state"), pending_.state);

    auto refused = login(naver, {{"resultcode", "024"}, {"message", "Authentication failed"}});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kUpstream);
    EXPECT_EQ(refused.error().message,
              "Naver did not share the reader's profile. Please try again.");
    EXPECT_NE(refused.error().detail.find("Authentication failed"), std::string::npos);
}

TEST_F(SocialLoginTest, DisplayNamesAreCappedAt64CharactersOfUtf8) {
    std::string long_name;
    for (int i = 0; i < 100; ++i) {
        long_name += "가";
    }
    auto profile = login(local(ProviderKind::kFacebook), {{"id", "1"}, {"name", long_name}});
    ASSERT_TRUE(profile);
    EXPECT_EQ(profile->display_name.size(), 64U * 3U);
    EXPECT_EQ(profile->display_name.substr(0, 3), "가");
}

TEST_F(SocialLoginTest, AProfileWithoutAnIdIsRefused) {
    auto profile = login(local(ProviderKind::kFacebook), {{"name", "Nobody"}});
    ASSERT_FALSE(profile);
    EXPECT_EQ(profile.error().message,
              "Facebook did not share the reader's profile. Please try again.");
}

TEST(OAuthClientComplete, TokenEndpointErrorsAreClear) {
    CannedHttp http;
    const auto twitter = local(ProviderKind::kTwitter);
    OAuthClient client({twitter}, http);
    auto begun = client.begin("twitter", kRedirect, "/", kNow);
    ASSERT_TRUE(begun);

    http.answer(twitter.token_endpoint,
                nlohmann::json{{"error", "invalid_grant"},
                               {"error_description", "Value passed for the code was invalid."}},
                400);
    auto grant = client.complete(begun->second, "old", kRedirect, kNow);
    ASSERT_FALSE(grant);
    EXPECT_EQ(grant.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(grant.error().message,
              "Twitter did not confirm the login: the sign-in code has expired or was already "
              "used. Please try again.");
    EXPECT_NE(grant.error().detail.find("HTTP 400: invalid_grant: Value passed"), std::string::npos)
        << grant.error().detail;

    http.answer(twitter.token_endpoint, nlohmann::json{{"error", "invalid_client"}}, 401);
    auto client_error = client.complete(begun->second, "c", kRedirect, kNow);
    ASSERT_FALSE(client_error);
    EXPECT_EQ(client_error.error().code, ErrorCode::kInternal);
    EXPECT_EQ(client_error.error().message, "Logging in with Twitter is not set up correctly.");

    http.answer(twitter.token_endpoint, std::string("<html>Bad gateway</html>"), 502);
    auto outage = client.complete(begun->second, "c", kRedirect, kNow);
    ASSERT_FALSE(outage);
    EXPECT_EQ(outage.error().code, ErrorCode::kUpstream);
    EXPECT_EQ(outage.error().message, "Twitter did not confirm the login. Please try again.");

    http.silence(twitter.token_endpoint);
    auto silent = client.complete(begun->second, "c", kRedirect, kNow);
    ASSERT_FALSE(silent);
    EXPECT_EQ(silent.error().message,
              "Twitter did not answer in time. Please try again in a moment.");
}

TEST(OAuthClientComplete, StaleOrCodelessCallbacksAreRefused) {
    CannedHttp http;
    OAuthClient client({local(ProviderKind::kNaver)}, http);
    auto begun = client.begin("naver", kRedirect, "/", kNow);
    ASSERT_TRUE(begun);
    auto stale = client.complete(begun->second, "c", kRedirect, kNow + kPendingLoginSeconds + 1);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().message, "The login took too long. Please try again.");
    auto codeless = client.complete(begun->second, "", kRedirect, kNow);
    ASSERT_FALSE(codeless);
    EXPECT_EQ(codeless.error().code, ErrorCode::kInvalidInput);
    EXPECT_TRUE(http.requests.empty());
}

}  // namespace
}  // namespace masthead::identity
