#include "app/dictionary_source_config.h"

#include <set>
#include <utility>

namespace masthead::app {

Result<dictionary::SourceConfig> readDictionarySource(const ConfigReader& r,
                                                      const std::string& where,
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
            auto id = r.itemId(entry.second, name);
            if (!id) {
                return fail(id.error());
            }
            source.name = std::move(*id);
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

}  // namespace masthead::app
