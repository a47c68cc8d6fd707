#include "app/login_provider_config.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "app/config_test_support.h"

namespace masthead::app {
namespace {

using config_test::fakeEnvironment;
using config_test::Mistake;
using config_test::sourceDir;
using config_test::writeTemp;

TEST(LoginProviderConfig, PresetsSettingsAndEnvironmentSecrets) {
    const auto file = writeTemp(
        "login:\n"
        "  providers:\n"
        "    - kind: google\n"
        "      client_id: 1234.apps.googleusercontent.com\n"
        "    - id: corp-sso\n"
        "      kind: oidc\n"
        "      label: Newsroom SSO\n"
        "      issuer: https://sso.example/realms/news\n"
        "      client_id: masthead\n"
        "      client_secret: s3cret\n"
        "      scopes: [openid, profile, email]\n"
        "      timeout_ms: 2500\n"
        "    - kind: naver\n"
        "      token_endpoint: http://127.0.0.1:9010/token\n"
        "    - kind: twitter\n"
        "      label: X\n");
    auto loaded = loadConfigFile(file, Config{},
                                 fakeEnvironment({{"MASTHEAD_LOGIN_GOOGLE_CLIENT_SECRET", "g"},
                                                  {"MASTHEAD_LOGIN_NAVER_CLIENT_ID", "n-id"},
                                                  {"MASTHEAD_LOGIN_NAVER_CLIENT_SECRET", "n"},
                                                  {"MASTHEAD_LOGIN_CORP_SSO_CLIENT_SECRET", "x"},
                                                  {"MASTHEAD_LOGIN_TWITTER_CLIENT_ID", "t"}}));
    ASSERT_TRUE(loaded) << loaded.error().message;
    ASSERT_EQ(loaded->login_providers.size(), 3U);
    const auto& google = loaded->login_providers[0];
    EXPECT_EQ(google.id, "google");
    EXPECT_EQ(google.label, "Google");
    EXPECT_EQ(google.kind, identity::ProviderKind::kGoogle);
    EXPECT_EQ(google.client_id, "1234.apps.googleusercontent.com");
    EXPECT_EQ(google.client_secret, "g");
    EXPECT_EQ(google.issuer, "https://accounts.google.com");
    const auto& corp = loaded->login_providers[1];
    EXPECT_EQ(corp.id, "corp-sso");
    EXPECT_EQ(corp.label, "Newsroom SSO");
    EXPECT_EQ(corp.client_secret, "s3cret");  // the file wins over the environment
    EXPECT_EQ(corp.issuer, "https://sso.example/realms/news");
    EXPECT_TRUE(corp.authorization_endpoint.empty());  // from discovery
    EXPECT_EQ(corp.scopes, (std::vector<std::string>{"openid", "profile", "email"}));
    EXPECT_EQ(corp.timeout, std::chrono::milliseconds(2500));
    const auto& naver = loaded->login_providers[2];
    EXPECT_EQ(naver.client_id, "n-id");
    EXPECT_EQ(naver.token_endpoint, "http://127.0.0.1:9010/token");
    EXPECT_EQ(naver.authorization_endpoint, "https://nid.naver.com/oauth2.0/authorize");
    ASSERT_EQ(loaded->warnings.size(), 1U);
    EXPECT_EQ(loaded->warnings[0],
              file.string() +
                  ": login provider \"twitter\" is left out: no client_secret in the file nor "
                  "MASTHEAD_LOGIN_TWITTER_CLIENT_SECRET in the environment");
    std::filesystem::remove(file);
}

TEST(LoginProviderConfig, NoLoginSectionMeansNoProviders) {
    auto loaded =
        loadConfigFile(sourceDir() / "config/masthead.example.yaml", Config{}, fakeEnvironment({}));
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_TRUE(loaded->login_providers.empty());
    EXPECT_TRUE(loaded->warnings.empty());
}

TEST(LoginProviderConfig, MistakesNameFileAndLine) {
    const std::vector<Mistake> mistakes = {
        {"login:\n  providers: google\n", ":2: \"login.providers\" must be a list of providers"},
        {"login:\n  providers:\n    - client_id: x\n",
         ":3: login.providers[1]: \"kind\" is missing"},
        {"login:\n  providers:\n    - kind: myspace\n",
         ":3: \"login.providers[1].kind\" must be oidc, google, kakao, naver, twitter or "
         "facebook, not \"myspace\""},
        {"login:\n  providers:\n    - kind: google\n      secret: x\n",
         ":4: unknown key \"login.providers[1].secret\" (known: authorization_endpoint, "
         "client_id, client_secret, id, issuer, jwks_uri, kind, label, scopes, timeout_ms, "
         "token_endpoint, userinfo_endpoint)"},
        {"login:\n  providers:\n    - {kind: google}\n    - {kind: google}\n",
         R"(:4: "login.providers": the id "google" is used twice)"},
        {"login:\n  providers:\n    - {kind: google, id: Google}\n",
         ":3: \"login.providers[1].id\" must be 1 to 32 lowercase letters, digits, - or _"},
        {"login:\n  providers:\n    - {kind: oidc, id: corp, label: Corp}\n",
         ":3: login.providers[1]: \"issuer\" is missing (a generic OpenID Connect provider "
         "needs id, label and issuer)"},
        {"login:\n  providers:\n    - {kind: oidc, issuer: 'https://a.example'}\n",
         ":3: login.providers[1]: \"id\" is missing"},
        {"login:\n  providers:\n    - kind: kakao\n      token_endpoint: http://kauth.example/t\n",
         ":4: \"login.providers[1].token_endpoint\" must be an https URL (http only for "
         "127.0.0.1, [::1] or localhost)"},
        {"login:\n  providers:\n    - kind: google\n      scopes: [profile]\n",
         ":3: login.providers[1]: \"scopes\" must include openid for kind google"},
        {"login:\n  providers:\n    - kind: naver\n      timeout_ms: 5\n",
         ":4: \"login.providers[1].timeout_ms\" must be a whole number from 100 to 60000"},
        {"login:\n  provider: []\n", ":2: unknown key \"login.provider\" (known: providers)"},
    };
    config_test::expectMistakes(mistakes);
}

}  // namespace
}  // namespace masthead::app
