#include "app/config.h"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>

#include "app/config_reader.h"
#include "app/dictionary_source_config.h"
#include "app/login_provider_config.h"
#include "util/file_bytes.h"
#include "util/text.h"
#include "util/time_format.h"
#include "util/yaml.h"

namespace masthead::app {
namespace {

using Setter = std::function<Result<void>(const ConfigReader&, const std::string&,
                                          const yaml::Node&, Config&)>;

Setter textKey(std::string Config::*field) {
    return [field](const ConfigReader& r, const std::string& key, const yaml::Node& n,
                   Config& c) -> Result<void> {
        auto v = r.text(n, key);
        if (!v) {
            return fail(v.error());
        }
        c.*field = *v;
        return {};
    };
}

/// "server.listen"
std::string dottedKey(const std::string& section, const std::string& key) {
    std::string dotted = section;
    dotted += '.';
    dotted += key;
    return dotted;
}

std::string quoted(const std::string& s) { return '"' + s + '"'; }

/// A whole-number key in [min, max]; `store` puts the value where it belongs.
Setter numberKey(std::size_t min, std::size_t max,
                 const std::function<void(Config&, std::size_t)>& store) {
    return [=](const ConfigReader& r, const std::string& key, const yaml::Node& n,
               Config& c) -> Result<void> {
        auto v = r.number(n, key, min, max);
        if (!v) {
            return fail(v.error());
        }
        store(c, *v);
        return {};
    };
}

Setter sizeKey(std::size_t Config::*field, std::size_t min, std::size_t max) {
    return numberKey(min, max, [field](Config& c, std::size_t v) { c.*field = v; });
}

/// A cache's size in MiB (1 to 64 GiB), kept in bytes.
Setter megabytesKey(std::size_t Config::*field) {
    return numberKey(1, 65'536, [field](Config& c, std::size_t v) { c.*field = v << 20U; });
}

Setter serverSize(std::size_t http::ServerOptions::*field, std::size_t min, std::size_t max) {
    return numberKey(min, max, [field](Config& c, std::size_t v) { c.server.*field = v; });
}

Setter serverMillis(std::chrono::milliseconds http::ServerOptions::*field) {
    return numberKey(100, 3'600'000, [field](Config& c, std::size_t v) {
        c.server.*field = std::chrono::milliseconds(v);
    });
}

/// A whole number of comments::CommentRules (0 means "no limit" where the minimum allows it).
Setter commentNumber(std::size_t comments::CommentRules::*field, std::size_t min, std::size_t max) {
    return numberKey(min, max, [field](Config& c, std::size_t v) { c.comments.*field = v; });
}

Setter commentSeconds(std::chrono::seconds comments::CommentRules::*field, std::size_t min,
                      std::size_t max) {
    return numberKey(min, max, [field](Config& c, std::size_t v) {
        c.comments.*field = std::chrono::seconds(v);
    });
}

const std::map<std::string, std::map<std::string, Setter>>& schema() {
    static const std::map<std::string, std::map<std::string, Setter>> kSchema = {
        {"site",
         {{"name", textKey(&Config::site_name)},
          {"tagline", textKey(&Config::site_tagline)},
          {"description", textKey(&Config::site_description)},
          {"base_url",
           [](const ConfigReader& r, const std::string& key, const yaml::Node& n,
              Config& c) -> Result<void> {
               auto v = r.text(n, key);
               if (!v) {
                   return fail(v.error());
               }
               std::string url = *v;
               while (url.ends_with('/')) {
                   url.pop_back();  // links are built as base_url + "/path"
               }
               if (!url.empty() && !url.starts_with("http://") && !url.starts_with("https://")) {
                   return r.problem(n, "\"" + key + "\" must start with http:// or https://");
               }
               c.base_url = url;
               return {};
           }},
          {"time_zone",
           [](const ConfigReader& r, const std::string& key, const yaml::Node& n,
              Config& c) -> Result<void> {
               auto v = r.text(n, key);
               if (!v) {
                   return fail(v.error());
               }
               if (auto zone = SiteTime::create(*v); !zone) {
                   return r.problem(n, "\"" + key + "\": " + zone.error().message);
               }
               c.time_zone = *v;
               return {};
           }},
          {"section_page_size", sizeKey(&Config::section_page_size, 1, 200)},
          {"home_stories_per_section", sizeKey(&Config::home_stories_per_section, 1, 50)}}},
        {"server",
         {{"listen",
           [](const ConfigReader& r, const std::string& key, const yaml::Node& n,
              Config& c) -> Result<void> {
               auto v = r.text(n, key);
               if (!v) {
                   return fail(v.error());
               }
               if (auto ok = setListen(c, *v); !ok) {
                   return r.problem(n, ok.error().message);
               }
               return {};
           }},
          {"threads", serverSize(&http::ServerOptions::threads, 0, 256)},
          {"max_header_bytes", serverSize(&http::ServerOptions::max_header_bytes, 1024, 1 << 20)},
          {"max_body_bytes", serverSize(&http::ServerOptions::max_body_bytes, 1024, 1 << 30)},
          {"header_timeout_ms", serverMillis(&http::ServerOptions::header_timeout)},
          {"body_timeout_ms", serverMillis(&http::ServerOptions::body_timeout)},
          {"idle_timeout_ms", serverMillis(&http::ServerOptions::idle_timeout)},
          {"write_timeout_ms", serverMillis(&http::ServerOptions::write_timeout)},
          {"shutdown_grace_ms", serverMillis(&http::ServerOptions::shutdown_grace)},
          {"trusted_proxies",
           [](const ConfigReader& r, const std::string& key, const yaml::Node& n,
              Config& c) -> Result<void> {
               auto items = r.texts(n, key, "proxy addresses or networks", true);
               if (!items) {
                   return fail(items.error());
               }
               c.server.trusted_proxies.clear();
               for (std::size_t i = 0; i < items->size(); ++i) {
                   auto net = http::parseIpNetwork((*items)[i]);
                   if (!net) {
                       return r.problem(n.items[i], "\"" + key + "\": " + net.error().message);
                   }
                   c.server.trusted_proxies.push_back(*net);
               }
               return {};
           }},
          {"access_log", textKey(&Config::access_log)}}},
        {"popularity",
         {{"half_life_minutes", numberKey(1, std::size_t{7} * 24 * 60,
                                          [](Config& c, std::size_t v) {
                                              c.popularity.half_life = std::chrono::minutes(v);
                                          })},
          {"dedupe_minutes", numberKey(1, std::size_t{24} * 60,
                                       [](Config& c, std::size_t v) {
                                           c.popularity.dedupe_window = std::chrono::minutes(v);
                                       })},
          {"rank_every_ms", numberKey(100, 600'000,
                                      [](Config& c, std::size_t v) {
                                          c.popularity.rank_every = std::chrono::milliseconds(v);
                                      })},
          {"archive_every_ms", numberKey(100, 600'000,
                                         [](Config& c, std::size_t v) {
                                             c.popularity.archive_every =
                                                 std::chrono::milliseconds(v);
                                         })},
          {"widget_size", sizeKey(&Config::popular_size, 1, 20)},
          {"read_seconds", sizeKey(&Config::read_beacon_seconds, 1, 600)}}},
        {"comments",
         {{"max_characters", commentNumber(&comments::CommentRules::max_characters, 10, 5000)},
          {"page_size", commentNumber(&comments::CommentRules::page_size, 5, 200)},
          {"seconds_between_comments",
           commentSeconds(&comments::CommentRules::between_comments, 0, std::size_t{24} * 3600)},
          {"per_article", commentNumber(&comments::CommentRules::per_article, 1, 10'000)},
          {"per_day", commentNumber(&comments::CommentRules::per_day, 0, 100'000)},
          {"max_links", commentNumber(&comments::CommentRules::max_links, 0, 100)},
          {"per_address_per_hour",
           commentNumber(&comments::CommentRules::per_origin_per_hour, 0, 1'000'000)},
          {"votes_per_day", commentNumber(&comments::CommentRules::votes_per_day, 1, 100'000)},
          {"seconds_between_votes",
           commentSeconds(&comments::CommentRules::between_votes, 0, 3600)},
          {"reports_to_hide", commentNumber(&comments::CommentRules::reports_to_hide, 1, 1000)}}},
        {"dictionary",
         {{"enabled",
           [](const ConfigReader& r, const std::string& key, const yaml::Node& n,
              Config& c) -> Result<void> {
               auto v = r.flag(n, key);
               if (!v) {
                   return fail(v.error());
               }
               c.dictionary_enabled = *v;
               return {};
           }},
          {"wordnet_dir",
           [](const ConfigReader& r, const std::string& key, const yaml::Node& n,
              Config& c) -> Result<void> {
               auto v = r.text(n, key);
               if (!v) {
                   return fail(v.error());
               }
               c.dictionary.wordnet_dir = *v;
               return {};
           }},
          {"sources",
           [](const ConfigReader& r, const std::string& key, const yaml::Node& n,
              Config& c) -> Result<void> {
               auto sources = r.uniqueList<dictionary::SourceConfig>(
                   n, key, "sources (\"- id: ...\" items)", readDictionarySource,
                   [](const dictionary::SourceConfig& source) { return source.name; });
               if (!sources) {
                   return fail(sources.error());
               }
               c.dictionary.sources = std::move(*sources);
               return {};
           }}}},
        {"login",
         {{"providers",
           [](const ConfigReader& r, const std::string& key, const yaml::Node& n,
              Config& c) -> Result<void> {
               auto providers = r.uniqueList<identity::ProviderConfig>(
                   n, key, "providers (\"- kind: ...\" items)", readLoginProvider,
                   [](const identity::ProviderConfig& provider) { return provider.id; });
               if (!providers) {
                   return fail(providers.error());
               }
               c.login_providers = std::move(*providers);
               return {};
           }}}},
        {"storage",
         {{"data_dir",
           [](const ConfigReader& r, const std::string& key, const yaml::Node& n,
              Config& c) -> Result<void> {
               auto v = r.text(n, key);
               if (!v) {
                   return fail(v.error());
               }
               c.data_dir = *v;
               return {};
           }},
          {"engine",
           [](const ConfigReader& r, const std::string& key, const yaml::Node& n,
              Config& c) -> Result<void> {
               auto v = r.text(n, key);
               if (!v) {
                   return fail(v.error());
               }
               if (*v != db::toString(db::Engine::kSqlite)) {
                   return r.problem(n, "\"" + key +
                                           "\" must be sqlite (the one engine this "
                                           "masthead has), not \"" +
                                           *v + "\"");
               }
               c.storage_engine = db::Engine::kSqlite;
               return {};
           }}}},
        {"cache",
         {{"pages_mb", megabytesKey(&Config::page_cache_bytes)},
          {"articles_mb", megabytesKey(&Config::article_cache_bytes)}}},
    };
    return kSchema;
}

}  // namespace

Result<void> setListen(Config& config, std::string_view listen) {
    const auto colon = listen.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        return fail(
            Error::invalidInput("listen address must be HOST:PORT, such as 127.0.0.1:8080, "
                                "not \"" +
                                std::string(listen) + "\""));
    }
    std::string host(listen.substr(0, colon));
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const std::string_view port_text = listen.substr(colon + 1);
    unsigned port = 0;
    const auto [ptr, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port > 65535) {
        return fail(Error::invalidInput("listen port must be a number from 0 to 65535, not \"" +
                                        std::string(port_text) + "\""));
    }
    std::array<unsigned char, sizeof(in6_addr)> address{};
    if (::inet_pton(AF_INET, host.c_str(), address.data()) != 1 &&
        ::inet_pton(AF_INET6, host.c_str(), address.data()) != 1) {
        return fail(
            Error::invalidInput("listen host must be an IP address, such as 127.0.0.1 or "
                                "::1, not \"" +
                                host + "\""));
    }
    config.listen_host = host;
    config.listen_port = static_cast<std::uint16_t>(port);
    return {};
}

db::StorageOptions storageOf(const std::filesystem::path& data_dir, db::Engine engine) {
    return {.engine = engine, .sqlite_file = data_dir / "masthead.db"};
}

db::StorageOptions Config::storage() const { return storageOf(data_dir, storage_engine); }

Environment processEnvironment() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe): start-up
        return value != nullptr ? std::optional<std::string>(value) : std::nullopt;
    };
}

Result<Config> loadConfigFile(const std::filesystem::path& file, Config config,
                              const Environment& env) {
    const ConfigReader reader(file.string());
    auto bytes = readWholeFile(file);
    if (!bytes) {
        return fail(Error::invalidInput(
            file.string() + ": cannot read the configuration file: " + bytes.error().message));
    }
    auto parsed = yaml::parse(*bytes);
    if (!parsed) {
        return fail(Error::invalidInput(file.string() + ":" + std::to_string(parsed.error().line) +
                                        ": not valid YAML: " + parsed.error().message));
    }
    const yaml::Node& root = *parsed;
    if (root.isNull()) {
        return config;
    }
    if (!root.isMapping()) {
        return reader.problem(root,
                              "the configuration must be a mapping of sections (site, server, "
                              "popularity, comments, dictionary, storage, cache, login)");
    }
    std::set<std::string> seen_sections;
    for (const auto& section : root.entries) {
        const std::string name = section.first.scalar;
        if (!seen_sections.insert(name).second) {
            return reader.problem(section.first, "section \"" + name + "\" appears twice");
        }
        const auto it = schema().find(name);
        if (it == schema().end()) {
            return reader.problem(
                section.first,
                "unknown section \"" + name +
                    "\" (known: site, server, popularity, comments, dictionary, storage, "
                    "cache, login)");
        }
        if (section.second.isNull()) {
            continue;
        }
        if (!section.second.isMapping()) {
            return reader.problem(section.second,
                                  "\"" + name + R"(" must hold "key: value" lines)");
        }
        std::set<std::string> seen;
        for (const auto& entry : section.second.entries) {
            const std::string& key = entry.first.scalar;
            const std::string dotted = dottedKey(name, key);
            if (!seen.insert(key).second) {
                return reader.problem(entry.first, quoted(dotted) + " is set twice");
            }
            const auto setter = it->second.find(key);
            if (setter == it->second.end()) {
                std::string known;
                for (const auto& [k, _] : it->second) {
                    known += known.empty() ? "" : ", ";
                    known += k;
                }
                std::string problem = "unknown key " + quoted(dotted);
                problem += " (known: ";
                problem += known;
                problem += ")";
                return reader.problem(entry.first, problem);
            }
            if (auto r = setter->second(reader, dotted, entry.second, config); !r) {
                return fail(r.error());
            }
        }
    }
    applyLoginEnvironment(config, file.string(), env);
    return config;
}

std::vector<std::string> configKeys() {
    std::vector<std::string> keys;
    for (const auto& [section, setters] : schema()) {
        for (const auto& [key, setter] : setters) {
            keys.push_back(dottedKey(section, key));
        }
    }
    return keys;
}

}  // namespace masthead::app
