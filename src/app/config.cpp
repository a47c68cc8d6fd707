#include "app/config.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>

#include "identity/http_client.h"
#include "util/file_bytes.h"
#include "util/text.h"
#include "util/time_format.h"
#include "util/yaml.h"

namespace masthead::app {
namespace {

struct Reader {
    std::string file;

    std::unexpected<Error> problem(const yaml::Node& node, const std::string& what) const {
        return fail(Error::invalidInput(file + ":" + std::to_string(node.line) + ": " + what));
    }

    Result<std::string> text(const yaml::Node& node, const std::string& key) const {
        if (!node.isScalar()) {
            return problem(node, "\"" + key + "\" must be text");
        }
        return node.scalar;
    }

    Result<std::size_t> number(const yaml::Node& node, const std::string& key, std::size_t min,
                               std::size_t max) const {
        auto s = text(node, key);
        if (!s) {
            return fail(s.error());
        }
        std::size_t v = 0;
        const char* end = s->data() + s->size();
        const auto [ptr, ec] = std::from_chars(s->data(), end, v);
        if (ec != std::errc() || ptr != end || v < min || v > max) {
            return problem(node, "\"" + key + "\" must be a whole number from " +
                                     std::to_string(min) + " to " + std::to_string(max));
        }
        return v;
    }

    /// A list of text items ("- a" lines or [a, b]); `what` names an item in the message.
    Result<std::vector<std::string>> texts(const yaml::Node& node, const std::string& key,
                                           const std::string& what, bool allow_empty) const {
        if (!node.isSequence() || (!allow_empty && node.items.empty())) {
            return problem(node, "\"" + key + "\" must be a list of " + what +
                                     (allow_empty ? ", or [] for none" : ""));
        }
        std::vector<std::string> out;
        for (const yaml::Node& item : node.items) {
            auto v = text(item, key);
            if (!v) {
                return fail(v.error());
            }
            out.push_back(std::move(*v));
        }
        return out;
    }

    Result<bool> flag(const yaml::Node& node, const std::string& key) const {
        const std::optional<bool> v = yaml::flag(node);
        if (!v) {
            return problem(node, "\"" + key + "\" must be true or false");
        }
        return *v;
    }
};

/// One item of dictionary.sources: {id, name, index, data, format, licence}.
Result<dictionary::SourceConfig> dictionarySource(const Reader& r, const std::string& where,
                                                  const yaml::Node& item) {
    if (!item.isMapping()) {
        return r.problem(item, where +
                                   " must hold \"key: value\" lines (id, name, index, data, "
                                   "format, licence)");
    }
    dictionary::SourceConfig source;
    std::set<std::string> seen;
    for (const auto& entry : item.entries) {
        const std::string key = entry.first.scalar;
        const std::string name = where + "." + key;
        if (!seen.insert(key).second) {
            return r.problem(entry.first, "\"" + name + "\" is set twice");
        }
        auto value = r.text(entry.second, name);
        if (!value) {
            return fail(value.error());
        }
        if (key == "id") {
            const bool ok =
                !value->empty() && value->size() <= 32 && std::ranges::all_of(*value, [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                });
            if (!ok) {
                return r.problem(
                    entry.second,
                    "\"" + name + "\" must be 1 to 32 lowercase letters, digits, - or _");
            }
            source.name = *value;
        } else if (key == "name") {
            source.title = *value;
        } else if (key == "index") {
            source.index = *value;
        } else if (key == "data") {
            source.data = *value;
        } else if (key == "licence") {
            source.attribution = *value;
        } else if (key == "format") {
            const auto format = dictionary::parseEntryFormat(*value);
            if (!format) {
                return r.problem(
                    entry.second,
                    "\"" + name + "\" must be wordnet, gcide or plain, not \"" + *value + "\"");
            }
            source.format = *format;
        } else {
            return r.problem(entry.first, "unknown key \"" + name +
                                              "\" (known: data, format, id, index, licence, name)");
        }
    }
    for (const auto& [key, missing] :
         {std::pair{"id", source.name.empty()}, std::pair{"index", source.index.empty()},
          std::pair{"data", source.data.empty()}}) {
        if (missing) {
            return r.problem(item, where + ": \"" + key + "\" is missing");
        }
    }
    return source;
}

bool isProviderId(const std::string& id) {
    return !id.empty() && id.size() <= 32 && std::ranges::all_of(id, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

/// One item of login.providers: the preset of its kind with the keys given over it.
Result<identity::ProviderConfig> loginProvider(const Reader& r, const std::string& where,
                                               const yaml::Node& item) {
    static const char* const kKnown =
        "authorization_endpoint, client_id, client_secret, id, issuer, jwks_uri, kind, label, "
        "scopes, timeout_ms, token_endpoint, userinfo_endpoint";
    if (!item.isMapping()) {
        return r.problem(item, where + " must hold \"key: value\" lines (" + kKnown + ")");
    }
    const yaml::Node* kind_node = item.find("kind");
    if (kind_node == nullptr) {
        return r.problem(item, where +
                                   ": \"kind\" is missing (oidc, google, kakao, naver, twitter "
                                   "or facebook)");
    }
    auto kind_name = r.text(*kind_node, where + ".kind");
    if (!kind_name) {
        return fail(kind_name.error());
    }
    const auto kind = identity::parseKind(*kind_name);
    if (!kind) {
        return r.problem(*kind_node, "\"" + where +
                                         ".kind\" must be oidc, google, kakao, naver, twitter or "
                                         "facebook, not \"" +
                                         *kind_name + "\"");
    }
    identity::ProviderConfig p = identity::preset(*kind);
    bool has_id = false;
    std::set<std::string> seen;
    for (const auto& entry : item.entries) {
        const std::string key = entry.first.scalar;
        const std::string name = where + "." + key;
        if (!seen.insert(key).second) {
            return r.problem(entry.first, "\"" + name + "\" is set twice");
        }
        if (key == "kind") {
            continue;
        }
        if (key == "scopes") {
            auto scopes = r.texts(entry.second, name, "scopes", false);
            if (!scopes) {
                return fail(scopes.error());
            }
            for (std::size_t i = 0; i < scopes->size(); ++i) {
                const std::string& v = (*scopes)[i];
                if (v.empty() || v.find_first_of(" \t\"\\") != std::string::npos) {
                    return r.problem(entry.second.items[i],
                                     "\"" + name + "\": \"" + v + "\" is not a scope");
                }
            }
            p.scopes = std::move(*scopes);
            continue;
        }
        if (key == "timeout_ms") {
            auto v = r.number(entry.second, name, 100, 60'000);
            if (!v) {
                return fail(v.error());
            }
            p.timeout = std::chrono::milliseconds(*v);
            continue;
        }
        auto v = r.text(entry.second, name);
        if (!v) {
            return fail(v.error());
        }
        if (key == "id") {
            if (!isProviderId(*v)) {
                return r.problem(
                    entry.second,
                    "\"" + name + "\" must be 1 to 32 lowercase letters, digits, - or _");
            }
            p.id = *v;
            has_id = true;
        } else if (key == "label") {
            p.label = *v;
        } else if (key == "client_id") {
            p.client_id = *v;
        } else if (key == "client_secret") {
            p.client_secret = *v;
        } else if (key == "issuer" || key == "authorization_endpoint" || key == "token_endpoint" ||
                   key == "userinfo_endpoint" || key == "jwks_uri") {
            if (!identity::isAllowedProviderUrl(*v)) {
                return r.problem(entry.second, "\"" + name +
                                                   "\" must be an https URL (http only for "
                                                   "127.0.0.1, [::1] or localhost)");
            }
            auto& field = key == "issuer"                   ? p.issuer
                          : key == "authorization_endpoint" ? p.authorization_endpoint
                          : key == "token_endpoint"         ? p.token_endpoint
                          : key == "userinfo_endpoint"      ? p.userinfo_endpoint
                                                            : p.jwks_uri;
            field = *v;
        } else {
            return r.problem(entry.first, "unknown key \"" + name + "\" (known: " + kKnown + ")");
        }
    }
    if (*kind == identity::ProviderKind::kOidc) {
        for (const auto& [key, missing] :
             {std::pair{"id", !has_id}, std::pair{"label", p.label.empty()},
              std::pair{"issuer", p.issuer.empty()}}) {
            if (missing) {
                return r.problem(item, where + ": \"" + key +
                                           "\" is missing (a generic OpenID Connect provider "
                                           "needs id, label and issuer)");
            }
        }
    }
    if (identity::isOpenIdConnect(*kind) &&
        std::ranges::find(p.scopes, "openid") == p.scopes.end()) {
        return r.problem(item, where + ": \"scopes\" must include openid for kind " +
                                   std::string(identity::kindName(*kind)));
    }
    return p;
}

/// MASTHEAD_LOGIN_<ID>_<WHAT>: the id uppercased, - as _.
std::string loginVariable(const std::string& id, const char* what) {
    std::string name = "MASTHEAD_LOGIN_";
    for (const char c : id) {
        name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return name + "_" + what;
}

/// Fills missing client ids and secrets from the environment; leaves out, with a warning,
/// the providers still without them.
void applyLoginEnvironment(Config& config, const std::string& file, const Environment& env) {
    std::vector<identity::ProviderConfig> kept;
    for (auto& p : config.login_providers) {
        for (auto [field, what] :
             {std::pair{&p.client_id, "CLIENT_ID"}, std::pair{&p.client_secret, "CLIENT_SECRET"}}) {
            if (field->empty()) {
                *field = env(loginVariable(p.id, what)).value_or("");
            }
        }
        if (p.client_id.empty() || p.client_secret.empty()) {
            const char* missing = p.client_id.empty() ? "client_id" : "client_secret";
            config.warnings.push_back(
                file + ": login provider \"" + p.id + "\" is left out: no " + missing +
                " in the file nor " +
                loginVariable(p.id, p.client_id.empty() ? "CLIENT_ID" : "CLIENT_SECRET") +
                " in the environment");
            continue;
        }
        kept.push_back(std::move(p));
    }
    config.login_providers = std::move(kept);
}

using Setter =
    std::function<Result<void>(const Reader&, const std::string&, const yaml::Node&, Config&)>;

Setter textKey(std::string Config::*field) {
    return [field](const Reader& r, const std::string& key, const yaml::Node& n,
                   Config& c) -> Result<void> {
        auto v = r.text(n, key);
        if (!v) {
            return fail(v.error());
        }
        c.*field = *v;
        return {};
    };
}

/// A whole-number key in [min, max]; `store` puts the value where it belongs.
Setter numberKey(std::size_t min, std::size_t max,
                 std::function<void(Config&, std::size_t)> store) {
    return [=](const Reader& r, const std::string& key, const yaml::Node& n,
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

/// A list whose items `read(r, "KEY[N]", item)` makes, each with its own `idOf`: the
/// shape of dictionary.sources and login.providers.
template <class T, class Read, class IdOf>
Result<std::vector<T>> uniqueList(const Reader& r, const std::string& key, const yaml::Node& n,
                                  const std::string& items, Read read, IdOf idOf) {
    if (!n.isSequence()) {
        return r.problem(n, "\"" + key + "\" must be a list of " + items + ", or [] for none");
    }
    std::vector<T> out;
    for (std::size_t i = 0; i < n.items.size(); ++i) {
        auto item = read(r, key + "[" + std::to_string(i + 1) + "]", n.items[i]);
        if (!item) {
            return fail(item.error());
        }
        for (const T& other : out) {
            if (idOf(other) == idOf(*item)) {
                return r.problem(n.items[i],
                                 "\"" + key + "\": the id \"" + idOf(*item) + "\" is used twice");
            }
        }
        out.push_back(std::move(*item));
    }
    return out;
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
           [](const Reader& r, const std::string& key, const yaml::Node& n,
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
           [](const Reader& r, const std::string& key, const yaml::Node& n,
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
           [](const Reader& r, const std::string& key, const yaml::Node& n,
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
           [](const Reader& r, const std::string& key, const yaml::Node& n,
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
         {{"half_life_minutes", numberKey(1, 7 * 24 * 60,
                                          [](Config& c, std::size_t v) {
                                              c.popularity.half_life = std::chrono::minutes(v);
                                          })},
          {"dedupe_minutes", numberKey(1, 24 * 60,
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
           commentSeconds(&comments::CommentRules::between_comments, 0, 24 * 3600)},
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
           [](const Reader& r, const std::string& key, const yaml::Node& n,
              Config& c) -> Result<void> {
               auto v = r.flag(n, key);
               if (!v) {
                   return fail(v.error());
               }
               c.dictionary_enabled = *v;
               return {};
           }},
          {"wordnet_dir",
           [](const Reader& r, const std::string& key, const yaml::Node& n,
              Config& c) -> Result<void> {
               auto v = r.text(n, key);
               if (!v) {
                   return fail(v.error());
               }
               c.dictionary.wordnet_dir = *v;
               return {};
           }},
          {"sources",
           [](const Reader& r, const std::string& key, const yaml::Node& n,
              Config& c) -> Result<void> {
               auto sources = uniqueList<dictionary::SourceConfig>(
                   r, key, n, "sources (\"- id: ...\" items)", dictionarySource,
                   [](const dictionary::SourceConfig& source) { return source.name; });
               if (!sources) {
                   return fail(sources.error());
               }
               c.dictionary.sources = std::move(*sources);
               return {};
           }}}},
        {"login",
         {{"providers",
           [](const Reader& r, const std::string& key, const yaml::Node& n,
              Config& c) -> Result<void> {
               auto providers = uniqueList<identity::ProviderConfig>(
                   r, key, n, "providers (\"- kind: ...\" items)", loginProvider,
                   [](const identity::ProviderConfig& provider) { return provider.id; });
               if (!providers) {
                   return fail(providers.error());
               }
               c.login_providers = std::move(*providers);
               return {};
           }}}},
        {"storage",
         {{"data_dir",
           [](const Reader& r, const std::string& key, const yaml::Node& n,
              Config& c) -> Result<void> {
               auto v = r.text(n, key);
               if (!v) {
                   return fail(v.error());
               }
               c.data_dir = *v;
               return {};
           }},
          {"engine",
           [](const Reader& r, const std::string& key, const yaml::Node& n,
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
    unsigned char address[16];
    if (::inet_pton(AF_INET, host.c_str(), address) != 1 &&
        ::inet_pton(AF_INET6, host.c_str(), address) != 1) {
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
    const Reader reader{file.string()};
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
                                  "\"" + name + "\" must hold \"key: value\" lines");
        }
        std::set<std::string> seen;
        for (const auto& entry : section.second.entries) {
            const std::string key = entry.first.scalar;
            if (!seen.insert(key).second) {
                return reader.problem(entry.first, "\"" + name + "." + key + "\" is set twice");
            }
            const auto setter = it->second.find(key);
            if (setter == it->second.end()) {
                std::string known;
                for (const auto& [k, _] : it->second) {
                    known += (known.empty() ? "" : ", ") + k;
                }
                return reader.problem(
                    entry.first, "unknown key \"" + name + "." + key + "\" (known: " + known + ")");
            }
            if (auto r = setter->second(reader, name + "." + key, entry.second, config); !r) {
                return fail(r.error());
            }
        }
    }
    applyLoginEnvironment(config, file.string(), env);
    return config;
}

}  // namespace masthead::app
