#include "app/login_provider_config.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <utility>

#include "identity/http_client.h"

namespace masthead::app {
namespace {

/// MASTHEAD_LOGIN_<ID>_<WHAT>: the id uppercased, - as _.
std::string loginVariable(const std::string& id, const char* what) {
    std::string name = "MASTHEAD_LOGIN_";
    for (const char c : id) {
        name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return name + "_" + what;
}

}  // namespace

Result<identity::ProviderConfig> readLoginProvider(const ConfigReader& r, const std::string& where,
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
    auto read = r.eachKey(
        item, where,
        [&](const yaml::Node& key_node, const std::string& name,
            const yaml::Node& node) -> Result<void> {
            const std::string& key = key_node.scalar;
            if (key == "kind") {
                return {};
            }
            if (key == "scopes") {
                auto scopes = r.texts(node, name, "scopes", false);
                if (!scopes) {
                    return fail(scopes.error());
                }
                for (std::size_t i = 0; i < scopes->size(); ++i) {
                    const std::string& v = (*scopes)[i];
                    if (v.empty() || v.find_first_of(" \t\"\\") != std::string::npos) {
                        std::string problem = "\"" + name + "\": \"";
                        problem += v;
                        problem += "\" is not a scope";
                        return r.problem(node.items[i], problem);
                    }
                }
                p.scopes = std::move(*scopes);
                return {};
            }
            if (key == "timeout_ms") {
                auto v = r.number(node, name, 100, 60'000);
                if (!v) {
                    return fail(v.error());
                }
                p.timeout = std::chrono::milliseconds(*v);
                return {};
            }
            auto v = r.text(node, name);
            if (!v) {
                return fail(v.error());
            }
            if (key == "id") {
                auto id = r.itemId(node, name);
                if (!id) {
                    return fail(id.error());
                }
                p.id = std::move(*id);
                has_id = true;
            } else if (key == "label") {
                p.label = *v;
            } else if (key == "client_id") {
                p.client_id = *v;
            } else if (key == "client_secret") {
                p.client_secret = *v;
            } else if (key == "issuer" || key == "authorization_endpoint" ||
                       key == "token_endpoint" || key == "userinfo_endpoint" || key == "jwks_uri") {
                if (!identity::isAllowedProviderUrl(*v)) {
                    return r.problem(node, "\"" + name +
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
                return r.problem(key_node, "unknown key \"" + name + "\" (known: " + kKnown + ")");
            }
            return {};
        });
    if (!read) {
        return fail(read.error());
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

}  // namespace masthead::app
