#pragma once

#include <string>

#include "app/config_reader.h"
#include "dictionary/dictionary.h"
#include "util/error.h"
#include "util/yaml.h"

namespace masthead::app {

/// One item of `dictionary.sources`, named `where` in messages ("dictionary.sources[1]"):
/// {id, name, index, data, format, licence}, of which id, index and data are required. A key
/// set twice, an unknown key, a bad id or format fail as ConfigReader's do, naming the line.
[[nodiscard]] Result<dictionary::SourceConfig> readDictionarySource(const ConfigReader& r,
                                                                    const std::string& where,
                                                                    const yaml::Node& item);

}  // namespace masthead::app
