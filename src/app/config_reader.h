#pragma once

#include <cstddef>
#include <expected>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "util/error.h"
#include "util/yaml.h"

namespace masthead::app {

/// Reads typed values out of a configuration file's YAML tree (util/yaml.h). Every failure is
/// kInvalidInput with the message "FILE:LINE: what is wrong", LINE being the node's; `key` is
/// the setting's dotted name as the message shows it ("server.threads",
/// "login.providers[1].id").
class ConfigReader {
  public:
    /// `file` as the messages name it.
    explicit ConfigReader(std::string file) : file_(std::move(file)) {}

    /// The failure "FILE:LINE: what" at the node's line.
    [[nodiscard]] std::unexpected<Error> problem(const yaml::Node& node,
                                                 const std::string& what) const;

    /// A scalar's text.
    [[nodiscard]] Result<std::string> text(const yaml::Node& node, const std::string& key) const;

    /// A whole number from min to max.
    [[nodiscard]] Result<std::size_t> number(const yaml::Node& node, const std::string& key,
                                             std::size_t min, std::size_t max) const;

    /// A list of text items ("- a" lines or [a, b]); `what` names an item in the message.
    [[nodiscard]] Result<std::vector<std::string>> texts(const yaml::Node& node,
                                                         const std::string& key,
                                                         const std::string& what,
                                                         bool allow_empty) const;

    /// true or false (yes/no, on/off: yaml::flag).
    [[nodiscard]] Result<bool> flag(const yaml::Node& node, const std::string& key) const;

    /// The id of an item of a list (a dictionary source, a login provider): 1 to 32
    /// lowercase ASCII letters, digits, - or _.
    [[nodiscard]] Result<std::string> itemId(const yaml::Node& node, const std::string& key) const;

    /// Calls `visit(key_node, "WHERE.KEY", value)` for each key of a mapping, in order, and
    /// stops at its first failure; a key set twice is a failure too.
    template <class Visit>
    [[nodiscard]] Result<void> eachKey(const yaml::Node& mapping, const std::string& where,
                                       Visit visit) const {
        std::set<std::string> seen;
        for (const auto& [key, value] : mapping.entries) {
            const std::string name = where + "." + key.scalar;
            if (!seen.insert(key.scalar).second) {
                return problem(key, "\"" + name + "\" is set twice");
            }
            if (auto done = visit(key, name, value); !done) {
                return done;
            }
        }
        return {};
    }

    /// A list whose items `read(reader, "KEY[N]", item)` makes, N from 1, none sharing its
    /// `idOf` with an earlier one: the shape of dictionary.sources and login.providers.
    /// `items` names the items in the message when the node is not a list.
    template <class T, class Read, class IdOf>
    [[nodiscard]] Result<std::vector<T>> uniqueList(const yaml::Node& node, const std::string& key,
                                                    const std::string& items, Read read,
                                                    IdOf idOf) const {
        if (!node.isSequence()) {
            return problem(node, "\"" + key + "\" must be a list of " + items + ", or [] for none");
        }
        std::vector<T> out;
        for (std::size_t i = 0; i < node.items.size(); ++i) {
            auto item = read(*this, key + "[" + std::to_string(i + 1) + "]", node.items[i]);
            if (!item) {
                return fail(item.error());
            }
            for (const T& other : out) {
                if (idOf(other) == idOf(*item)) {
                    return problem(node.items[i],
                                   "\"" + key + "\": the id \"" + idOf(*item) + "\" is used twice");
                }
            }
            out.push_back(std::move(*item));
        }
        return out;
    }

  private:
    std::string file_;
};

}  // namespace masthead::app
