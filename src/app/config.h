#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "comments/comment_service.h"
#include "db/storage.h"
#include "dictionary/dictionary.h"
#include "http/server.h"
#include "identity/providers.h"
#include "popularity/popularity.h"
#include "util/error.h"

namespace masthead::app {

/// Everything `masthead serve` can be told, from the YAML file (config/masthead.example.yaml
/// documents each key) and then the command line, which wins.
struct Config {
    std::string listen_host = "127.0.0.1";
    std::uint16_t listen_port = 8080;
    std::filesystem::path data_dir = "var";
    db::Engine storage_engine = db::Engine::kSqlite;  ///< `storage.engine`
    /// Rendered pages kept (with their gzip variants), the least recently read dropped first.
    std::size_t page_cache_bytes = 64U << 20U;
    /// Articles kept read (bodies included); the others are one indexed read away.
    std::size_t article_cache_bytes = 32U << 20U;
    std::string access_log = "-";  ///< "-" = stdout, "off", or a file path (appended)

    std::string site_name = "The Masthead Daily";
    std::string site_tagline = "News and views from Seoul, in English";
    std::string site_description =
        "The Masthead Daily: news, opinion and culture from Korea, in plain English.";
    std::string base_url;  ///< empty: http://LISTEN
    std::string time_zone = "Asia/Seoul";
    std::size_t section_page_size = 20;
    std::size_t home_stories_per_section = 4;

    http::ServerOptions server;
    popularity::PopularityOptions popularity;
    comments::CommentRules comments;      ///< `comments:` the limits readers comment within
    std::size_t popular_size = 5;         ///< lines in "What's Popular Now"
    std::size_t read_beacon_seconds = 5;  ///< visible seconds before a read is counted

    /// false: no dictionary is loaded, the button is hidden and /api/dictionary answers 503.
    bool dictionary_enabled = true;
    /// Sources and WordNet's lists; `dictionary.sources` replaces the Debian defaults.
    dictionary::DictionaryConfig dictionary = dictionary::DictionaryConfig::debian();

    /// Reader login (`login.providers`): each provider with its client id and secret, in the
    /// order of the buttons. Empty: readers cannot log in.
    std::vector<identity::ProviderConfig> login_providers;
    /// Problems that do not stop start-up, one line each, for the caller to print (a login
    /// provider left out for want of its client id or secret).
    std::vector<std::string> warnings;

    /// The site's database as configured.
    [[nodiscard]] db::StorageOptions storage() const;
};

/// The database of a data folder: DIR/masthead.db on SQLite.
[[nodiscard]] db::StorageOptions storageOf(const std::filesystem::path& data_dir,
                                           db::Engine engine = db::Engine::kSqlite);

/// Looks up an environment variable; nullopt when unset.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;

/// The process environment (getenv).
[[nodiscard]] Environment processEnvironment();

/// Reads a YAML configuration file over `base`. Unknown keys, wrong types and out-of-range
/// values fail with "FILE:LINE: what is wrong", so bad configuration stops start-up.
/// A login provider's missing client_id or client_secret is read from the environment
/// (MASTHEAD_LOGIN_<ID>_CLIENT_ID, MASTHEAD_LOGIN_<ID>_CLIENT_SECRET, the id uppercased with
/// - as _); a provider still without either is left out with a line in `warnings`.
[[nodiscard]] Result<Config> loadConfigFile(const std::filesystem::path& file, Config base,
                                            const Environment& env = processEnvironment());

/// Every key a configuration file may set, as "section.key" (docs/configuration.md documents
/// each; app/config_test.cpp checks that it does).
[[nodiscard]] std::vector<std::string> configKeys();

/// Parses "HOST:PORT" ("127.0.0.1:8080", "[::1]:8080") into the config.
[[nodiscard]] Result<void> setListen(Config& config, std::string_view listen);

}  // namespace masthead::app
