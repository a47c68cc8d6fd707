#include "app/dictionary_source_config.h"

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
    auto read = r.eachKey(
        item, where,
        [&](const yaml::Node& key_node, const std::string& name,
            const yaml::Node& node) -> Result<void> {
            const std::string& key = key_node.scalar;
            auto value = r.text(node, name);
            if (!value) {
                return fail(value.error());
            }
            if (key == "id") {
                auto id = r.itemId(node, name);
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
                        node,
                        "\"" + name + "\" must be wordnet, gcide or plain, not \"" + *value + "\"");
                }
                source.format = *format;
            } else {
                return r.problem(
                    key_node,
                    "unknown key \"" + name + "\" (known: data, format, id, index, licence, name)");
            }
            return {};
        });
    if (!read) {
        return fail(read.error());
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
