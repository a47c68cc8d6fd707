#include "app/config_reader.h"

#include <algorithm>
#include <charconv>
#include <optional>

namespace masthead::app {

std::unexpected<Error> ConfigReader::problem(const yaml::Node& node,
                                             const std::string& what) const {
    return fail(Error::invalidInput(file_ + ":" + std::to_string(node.line) + ": " + what));
}

Result<std::string> ConfigReader::text(const yaml::Node& node, const std::string& key) const {
    if (!node.isScalar()) {
        return problem(node, "\"" + key + "\" must be text");
    }
    return node.scalar;
}

Result<std::size_t> ConfigReader::number(const yaml::Node& node, const std::string& key,
                                         std::size_t min, std::size_t max) const {
    auto s = text(node, key);
    if (!s) {
        return fail(s.error());
    }
    std::size_t v = 0;
    const char* end = s->data() + s->size();
    const auto [ptr, ec] = std::from_chars(s->data(), end, v);
    if (ec != std::errc() || ptr != end || v < min || v > max) {
        return problem(node, "\"" + key + "\" must be a whole number from " + std::to_string(min) +
                                 " to " + std::to_string(max));
    }
    return v;
}

Result<std::vector<std::string>> ConfigReader::texts(const yaml::Node& node, const std::string& key,
                                                     const std::string& what,
                                                     bool allow_empty) const {
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

Result<bool> ConfigReader::flag(const yaml::Node& node, const std::string& key) const {
    const std::optional<bool> v = yaml::flag(node);
    if (!v) {
        return problem(node, "\"" + key + "\" must be true or false");
    }
    return *v;
}

Result<std::string> ConfigReader::itemId(const yaml::Node& node, const std::string& key) const {
    auto id = text(node, key);
    if (!id) {
        return fail(id.error());
    }
    const bool ok = !id->empty() && id->size() <= 32 && std::ranges::all_of(*id, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
    if (!ok) {
        return problem(node, "\"" + key + "\" must be 1 to 32 lowercase letters, digits, - or _");
    }
    return id;
}

}  // namespace masthead::app
