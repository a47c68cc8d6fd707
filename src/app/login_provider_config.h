#pragma once

#include <string>

#include "app/config.h"
#include "app/config_reader.h"
#include "identity/providers.h"
#include "util/error.h"
#include "util/yaml.h"

namespace masthead::app {

/// One item of `login.providers`, named `where` in messages ("login.providers[1]"): the
/// preset of its `kind` with the keys given over it. Endpoints must be https (http only for
/// the local host); a generic OpenID Connect provider needs id, label and issuer; an OpenID
/// Connect kind's scopes must include openid. Failures name the line, as ConfigReader's do.
[[nodiscard]] Result<identity::ProviderConfig> readLoginProvider(const ConfigReader& r,
                                                                 const std::string& where,
                                                                 const yaml::Node& item);

/// Fills the login providers' missing client ids and secrets from the environment
/// (MASTHEAD_LOGIN_<ID>_CLIENT_ID, MASTHEAD_LOGIN_<ID>_CLIENT_SECRET, the id uppercased with
/// - as _); leaves out the providers still without either, each with a line in
/// `config.warnings` naming `file`.
void applyLoginEnvironment(Config& config, const std::string& file, const Environment& env);

}  // namespace masthead::app
