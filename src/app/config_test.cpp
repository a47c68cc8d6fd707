#include "app/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <map>

namespace masthead::app {
namespace {

std::filesystem::path sourceDir() { return MASTHEAD_SOURCE_DIR; }

std::filesystem::path writeTemp(const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("masthead-config-" + std::to_string(::getpid()) + "-" +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".yaml");
    std::ofstream(path) << text;
    return path;
}

TEST(Config, TheExampleFileLoadsAndMatchesTheDefaults) {
    auto loaded = loadConfigFile(sourceDir() / "config/masthead.example.yaml", Config{});
    ASSERT_TRUE(loaded) << loaded.error().message;
    const Config defaults;
    EXPECT_EQ(loaded->site_name, defaults.site_name);
    EXPECT_EQ(loaded->site_description, defaults.site_description);
    EXPECT_EQ(loaded->time_zone, "Asia/Seoul");
    EXPECT_EQ(loaded->listen_host, "127.0.0.1");
    EXPECT_EQ(loaded->listen_port, 8080);
    EXPECT_EQ(loaded->server.max_header_bytes, defaults.server.max_header_bytes);
    EXPECT_EQ(loaded->server.max_body_bytes, defaults.server.max_body_bytes);
    EXPECT_EQ(loaded->server.idle_timeout, defaults.server.idle_timeout);
    EXPECT_TRUE(loaded->server.trusted_proxies.empty());
    EXPECT_EQ(loaded->section_page_size, 20U);
    EXPECT_EQ(loaded->data_dir, "var");
    EXPECT_EQ(loaded->storage_engine, db::Engine::kSqlite);
    EXPECT_EQ(loaded->page_cache_bytes, defaults.page_cache_bytes);
    EXPECT_EQ(loaded->article_cache_bytes, defaults.article_cache_bytes);
    EXPECT_EQ(loaded->storage().sqlite_file, std::filesystem::path("var/masthead.db"));
    EXPECT_EQ(loaded->access_log, "-");
    EXPECT_EQ(loaded->popularity.half_life, defaults.popularity.half_life);
    EXPECT_EQ(loaded->popularity.dedupe_window, defaults.popularity.dedupe_window);
    EXPECT_EQ(loaded->popularity.rank_every, defaults.popularity.rank_every);
    EXPECT_EQ(loaded->popularity.archive_every, defaults.popularity.archive_every);
    EXPECT_EQ(loaded->read_beacon_seconds, defaults.read_beacon_seconds);
    EXPECT_EQ(loaded->popular_size, defaults.popular_size);
    EXPECT_EQ(loaded->comments.max_characters, defaults.comments.max_characters);
    EXPECT_EQ(loaded->comments.between_comments, defaults.comments.between_comments);
    EXPECT_EQ(loaded->comments.per_origin_per_hour, defaults.comments.per_origin_per_hour);
    EXPECT_EQ(loaded->comments.reports_to_hide, defaults.comments.reports_to_hide);
    EXPECT_TRUE(loaded->dictionary_enabled);
    EXPECT_EQ(loaded->dictionary.wordnet_dir, defaults.dictionary.wordnet_dir);
    ASSERT_EQ(loaded->dictionary.sources.size(), 2U);
    EXPECT_EQ(loaded->dictionary.sources[0].name, "wn");
    EXPECT_EQ(loaded->dictionary.sources[1].name, "gcide");
}

TEST(Config, CommentRulesAreSettings) {
    const auto file = writeTemp(
        "comments:\n"
        "  seconds_between_comments: 0\n"
        "  per_article: 10\n"
        "  per_address_per_hour: 0\n"
        "  reports_to_hide: 5\n"
        "  seconds_between_votes: 3\n");
    auto loaded = loadConfigFile(file, Config{});
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->comments.between_comments, std::chrono::seconds(0));
    EXPECT_EQ(loaded->comments.per_article, 10U);
    EXPECT_EQ(loaded->comments.per_origin_per_hour, 0U);
    EXPECT_EQ(loaded->comments.reports_to_hide, 5U);
    EXPECT_EQ(loaded->comments.between_votes, std::chrono::seconds(3));
    EXPECT_EQ(loaded->comments.max_characters, 250U);  // untouched: the default
    const auto bad = writeTemp("comments:\n  max_characters: 3\n");
    auto refused = loadConfigFile(bad, Config{});
    ASSERT_FALSE(refused);
    EXPECT_EQ(
        refused.error().message,
        bad.string() + ":2: \"comments.max_characters\" must be a whole number from 10 to 5000");
}

TEST(Config, DictionarySourcesReplaceTheDefaults) {
    const auto file = writeTemp(
        "dictionary:\n"
        "  enabled: false\n"
        "  wordnet_dir: /opt/wordnet\n"
        "  sources:\n"
        "    - id: wn\n"
        "      name: WordNet 3.0\n"
        "      index: /opt/dict/wn.index\n"
        "      data: /opt/dict/wn.dict.dz\n"
        "      format: wordnet\n"
        "      licence: WordNet 3.0 licence\n"
        "    - {id: jargon, index: jargon.index, data: jargon.dict}\n");
    auto loaded = loadConfigFile(file, Config{});
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_FALSE(loaded->dictionary_enabled);
    EXPECT_EQ(loaded->dictionary.wordnet_dir, "/opt/wordnet");
    ASSERT_EQ(loaded->dictionary.sources.size(), 2U);
    const auto& wn = loaded->dictionary.sources[0];
    EXPECT_EQ(wn.name, "wn");
    EXPECT_EQ(wn.title, "WordNet 3.0");
    EXPECT_EQ(wn.index, "/opt/dict/wn.index");
    EXPECT_EQ(wn.data, "/opt/dict/wn.dict.dz");
    EXPECT_EQ(wn.format, dictionary::EntryFormat::kWordNet);
    EXPECT_EQ(wn.attribution, "WordNet 3.0 licence");
    const auto& jargon = loaded->dictionary.sources[1];
    EXPECT_EQ(jargon.format, dictionary::EntryFormat::kPlain);
    EXPECT_EQ(jargon.title, "");
    std::filesystem::remove(file);

    const auto none = writeTemp("dictionary:\n  sources: []\n");
    auto empty = loadConfigFile(none, Config{});
    ASSERT_TRUE(empty) << empty.error().message;
    EXPECT_TRUE(empty->dictionary.sources.empty());
    std::filesystem::remove(none);
}

TEST(Config, ValuesOverrideTheBase) {
    const auto file = writeTemp(
        "site:\n  name: Test Daily\n  section_page_size: 2\n  base_url: https://news.example//\n"
        "server:\n  listen: '[::1]:0'\n"
        "  idle_timeout_ms: 1500\n"
        "  trusted_proxies: [10.0.0.0/8, '::1']\n"
        "cache:\n  pages_mb: 8\n  articles_mb: 3\n");
    auto loaded = loadConfigFile(file, Config{});
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->page_cache_bytes, 8U << 20U);
    EXPECT_EQ(loaded->article_cache_bytes, 3U << 20U);
    EXPECT_EQ(loaded->site_name, "Test Daily");
    EXPECT_EQ(loaded->section_page_size, 2U);
    EXPECT_EQ(loaded->base_url, "https://news.example");
    EXPECT_EQ(loaded->listen_host, "::1");
    EXPECT_EQ(loaded->listen_port, 0);
    EXPECT_EQ(loaded->server.idle_timeout, std::chrono::milliseconds(1500));
    ASSERT_EQ(loaded->server.trusted_proxies.size(), 2U);
    EXPECT_TRUE(loaded->server.trusted_proxies[0].contains(*http::parseIp("10.1.2.3")));
    EXPECT_TRUE(loaded->server.trusted_proxies[1].contains(*http::parseIp("::1")));
    std::filesystem::remove(file);
}

TEST(Config, MistakesNameFileAndLine) {
    const struct {
        std::string yaml;
        std::string expected_suffix;
    } cases[] = {
        {"site:\n  nmae: X\n",
         ":2: unknown key \"site.nmae\" (known: base_url, description, home_stories_per_section, "
         "name, section_page_size, tagline, time_zone)"},
        {"sever:\n  threads: 2\n",
         ":1: unknown section \"sever\" (known: site, server, popularity, comments, dictionary, "
         "storage, cache, login)"},
        {"storage:\n  engine: oracle\n",
         ":2: \"storage.engine\" must be sqlite (the one engine this masthead has), not "
         "\"oracle\""},
        {"cache:\n  pages_mb: 0\n",
         ":2: \"cache.pages_mb\" must be a whole number from 1 to 65536"},
        {"site:\n  section_page_size: lots\n",
         ":2: \"site.section_page_size\" must be a whole number from 1 to 200"},
        {"server:\n  listen: localhost\n",
         ":2: listen address must be HOST:PORT, such as 127.0.0.1:8080, not \"localhost\""},
        {"server:\n  listen: localhost:8080\n",
         ":2: listen host must be an IP address, such as 127.0.0.1 or ::1, not \"localhost\""},
        {"site: [1, 2\n", ": not valid YAML"},
        {"site:\n  name: A\n  name: B\n", ":3: \"site.name\" is set twice"},
        {"site:\n  time_zone: Mars/Base\n",
         ":2: \"site.time_zone\": unknown time zone \"Mars/Base\""},
        {"site:\n  base_url: news.example\n",
         ":2: \"site.base_url\" must start with http:// or https://"},
        {"dictionary:\n  enabled: maybe\n", ":2: \"dictionary.enabled\" must be true or false"},
        {"server:\n  trusted_proxies: 10.0.0.1\n",
         ":2: \"server.trusted_proxies\" must be a list of proxy addresses or networks, or [] "
         "for none"},
        {"server:\n  trusted_proxies:\n    - 10.0.0.0/8\n    - lb.example\n",
         ":4: \"server.trusted_proxies\": \"lb.example\" is not an IP address or network"},
        {"dictionary:\n  sources: /usr/share/dictd\n",
         ":2: \"dictionary.sources\" must be a list of sources"},
        {"dictionary:\n  sources:\n    - id: wn\n      index: a.index\n",
         ":3: dictionary.sources[1]: \"data\" is missing"},
        {"dictionary:\n  sources:\n    - {id: a, index: i, data: d}\n    - id: b\n"
         "      index: i\n      data: d\n      format: xml\n",
         ":7: \"dictionary.sources[2].format\" must be wordnet, gcide or plain, not \"xml\""},
        {"dictionary:\n  sources:\n    - {id: a, index: i, data: d, licnce: x}\n",
         ":3: unknown key \"dictionary.sources[1].licnce\" (known: data, format, id, index, "
         "licence, name)"},
        {"dictionary:\n  sources:\n    - {id: 'Web ster', index: i, data: d}\n",
         ":3: \"dictionary.sources[1].id\" must be 1 to 32 lowercase letters, digits, - or _"},
        {"dictionary:\n  sources:\n    - {id: a, index: i, data: d}\n"
         "    - {id: a, index: j, data: e}\n",
         ":4: \"dictionary.sources\": the id \"a\" is used twice"},
    };
    for (const auto& c : cases) {
        const auto file = writeTemp(c.yaml);
        auto loaded = loadConfigFile(file, Config{});
        ASSERT_FALSE(loaded) << c.yaml;
        EXPECT_TRUE(loaded.error().message.starts_with(file.string())) << loaded.error().message;
        EXPECT_NE(loaded.error().message.find(c.expected_suffix), std::string::npos)
            << loaded.error().message;
        std::filesystem::remove(file);
    }
}

TEST(Config, MissingFileIsNamed) {
    auto loaded = loadConfigFile("/no/such/masthead.yaml", Config{});
    ASSERT_FALSE(loaded);
    EXPECT_EQ(
        loaded.error().message,
        "/no/such/masthead.yaml: cannot read the configuration file: No such file or directory");
}

/// An environment of `vars` only, so tests do not depend on the process environment.
Environment fakeEnvironment(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        const auto it = vars.find(name);
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

TEST(Config, LoginProvidersTakePresetsSettingsAndEnvironmentSecrets) {
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

TEST(Config, NoLoginSectionMeansNoProviders) {
    auto loaded =
        loadConfigFile(sourceDir() / "config/masthead.example.yaml", Config{}, fakeEnvironment({}));
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_TRUE(loaded->login_providers.empty());
    EXPECT_TRUE(loaded->warnings.empty());
}

TEST(Config, LoginMistakesNameFileAndLine) {
    const struct {
        std::string yaml;
        std::string expected_suffix;
    } cases[] = {
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
         ":4: \"login.providers\": the id \"google\" is used twice"},
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
    for (const auto& c : cases) {
        const auto file = writeTemp(c.yaml);
        auto loaded = loadConfigFile(file, Config{}, fakeEnvironment({}));
        ASSERT_FALSE(loaded) << c.yaml;
        EXPECT_TRUE(loaded.error().message.starts_with(file.string())) << loaded.error().message;
        EXPECT_NE(loaded.error().message.find(c.expected_suffix), std::string::npos)
            << loaded.error().message;
        std::filesystem::remove(file);
    }
}

}  // namespace
}  // namespace masthead::app
