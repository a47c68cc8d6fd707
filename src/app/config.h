#pragma once

#include <filesystem>
#include <string>

#include "dictionary/dictionary.h"
#include "http/server.h"
#include "popularity/popularity.h"
#include "util/error.h"

namespace masthead::app {

/// Everything `masthead serve` can be told, from the YAML file (config/masthead.example.yaml
/// documents each key) and then the command line, which wins.
struct Config {
    std::string listen_host = "127.0.0.1";
    std::uint16_t listen_port = 8080;
    std::filesystem::path data_dir = "var";
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
    std::size_t popular_size = 5;         ///< lines in "What's Popular Now"
    std::size_t read_beacon_seconds = 5;  ///< visible seconds before a read is counted

    /// false: no dictionary is loaded, the button is hidden and /api/dictionary answers 503.
    bool dictionary_enabled = true;
    /// Sources and WordNet's lists; `dictionary.sources` replaces the Debian defaults.
    dictionary::DictionaryConfig dictionary = dictionary::DictionaryConfig::debian();
};

/// Reads a YAML configuration file over `base`. Unknown keys, wrong types and out-of-range
/// values fail with "FILE:LINE: what is wrong", so bad configuration stops start-up.
[[nodiscard]] Result<Config> loadConfigFile(const std::filesystem::path& file, Config base);

/// Parses "HOST:PORT" ("127.0.0.1:8080", "[::1]:8080") into the config.
[[nodiscard]] Result<void> setListen(Config& config, std::string_view listen);

}  // namespace masthead::app
