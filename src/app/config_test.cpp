#include "app/config.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "app/config_test_support.h"

namespace masthead::app {
namespace {

using config_test::Mistake;
using config_test::sourceDir;
using config_test::writeTemp;

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
    const std::vector<Mistake> mistakes = {
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
         R"(:2: "site.time_zone": unknown time zone "Mars/Base")"},
        {"site:\n  base_url: news.example\n",
         ":2: \"site.base_url\" must start with http:// or https://"},
        {"dictionary:\n  enabled: maybe\n", ":2: \"dictionary.enabled\" must be true or false"},
        {"server:\n  trusted_proxies: 10.0.0.1\n",
         ":2: \"server.trusted_proxies\" must be a list of proxy addresses or networks, or [] "
         "for none"},
        {"server:\n  trusted_proxies:\n    - 10.0.0.0/8\n    - lb.example\n",
         R"(:4: "server.trusted_proxies": "lb.example" is not an IP address or network)"},
    };
    config_test::expectMistakes(mistakes);
}

TEST(Config, MissingFileIsNamed) {
    auto loaded = loadConfigFile("/no/such/masthead.yaml", Config{});
    ASSERT_FALSE(loaded);
    EXPECT_EQ(
        loaded.error().message,
        "/no/such/masthead.yaml: cannot read the configuration file: No such file or directory");
}

// docs/configuration.md has a section per configuration section ("### `server`: ...") whose
// first table lists its keys. Every key the loader takes is documented there, and every key
// documented in a first table is one the loader takes (login's first table is of a provider's
// keys: login.providers is named in its text).
TEST(Config, TheDocumentedKeysAreTheKeysTheLoaderTakes) {
    std::ifstream doc(sourceDir() / "docs/configuration.md");
    ASSERT_TRUE(doc);
    const std::regex heading(R"(^### `([a-z_]+)`)");
    const std::regex row(R"(^\| `([a-z_]+)` \|)");
    std::map<std::string, std::string> sections;  // section -> its whole text
    std::set<std::string> first_tables;           // section.key of the first table's rows
    std::string section;
    bool in_first_table = false;
    bool first_table_done = false;
    for (std::string line; std::getline(doc, line);) {
        std::smatch m;
        if (line.starts_with("## ")) {
            section.clear();
        } else if (std::regex_search(line, m, heading)) {
            section = m[1].str();
            in_first_table = false;
            first_table_done = false;
        } else if (!section.empty()) {
            sections[section] += line + "\n";
            const bool table_line = line.starts_with("|");
            if (table_line && !first_table_done) {
                in_first_table = true;
                if (std::regex_search(line, m, row) && section != "login") {
                    first_tables.insert(section + "." + m[1].str());
                }
            } else if (!table_line && in_first_table) {
                first_table_done = true;
                in_first_table = false;
            }
        }
    }
    const std::vector<std::string> keys = configKeys();
    ASSERT_FALSE(keys.empty());
    for (const std::string& k : keys) {
        const std::string name = k.substr(0, k.find('.'));
        const std::string key = k.substr(k.find('.') + 1);
        ASSERT_TRUE(sections.contains(name)) << "docs/configuration.md has no section " << name;
        EXPECT_TRUE(sections[name].find("`" + key + "`") != std::string::npos ||
                    sections[name].find("`" + k + "`") != std::string::npos)
            << k << " is not documented in docs/configuration.md";
    }
    ASSERT_FALSE(first_tables.empty());
    for (const std::string& documented : first_tables) {
        EXPECT_NE(std::ranges::find(keys, documented), keys.end())
            << documented << " is documented but the loader does not take it";
    }
}

}  // namespace
}  // namespace masthead::app
