#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace masthead::yaml {

/// One node of a YAML document, as libyaml parsed it. A plain tree of values: what article
/// front matter and the configuration file need (scalars, lists, maps, with line numbers for
/// error messages).
struct Node {
    enum class Kind { kNull, kScalar, kSequence, kMapping };

    Kind kind = Kind::kNull;
    /// A scalar's text, as written (no type conversion).
    std::string scalar;
    /// Written in quotes or as a block (`|`, `>`): text, never null, never a number or a flag.
    bool quoted = false;
    /// 1-based line where the node begins.
    int line = 1;
    /// A sequence's items.
    std::vector<Node> items;
    /// A mapping's keys and values, in the order written (a key may repeat: callers decide).
    std::vector<std::pair<Node, Node>> entries;

    // Declared here and defaulted in yaml.cpp, where Node is complete: defined implicitly, they
    // make clang (19, with libstdc++ 12) instantiate std::pair<Node, Node> while Node is still
    // incomplete, a hard error, so clang-tidy and the fuzz build could not compile this header.
    Node();
    Node(const Node&);
    Node(Node&&) noexcept;
    Node& operator=(const Node&);
    Node& operator=(Node&&) noexcept;
    ~Node();

    [[nodiscard]] bool isNull() const { return kind == Kind::kNull; }
    [[nodiscard]] bool isScalar() const { return kind == Kind::kScalar; }
    [[nodiscard]] bool isSequence() const { return kind == Kind::kSequence; }
    [[nodiscard]] bool isMapping() const { return kind == Kind::kMapping; }
    /// The value of the first entry whose key is the scalar `key`, or nullptr.
    [[nodiscard]] const Node* find(std::string_view key) const;
};

/// Why a text is not a YAML document this parser accepts, and the 1-based line.
struct SyntaxError {
    int line = 1;
    std::string message;  ///< "did not find expected ',' or ']' while parsing a flow sequence"
};

/// Parses one YAML document (an empty text is a null node). A plain scalar `~`, `null` or
/// nothing at all is a null node. Anchors' aliases (`*name`), explicit tags (`!!str`), a
/// second document and nesting deeper than 64 levels are refused with a SyntaxError: none
/// is needed here, and aliases can make a small text expand without bound.
[[nodiscard]] std::expected<Node, SyntaxError> parse(std::string_view text);

/// A scalar flag as people write one: true/false, yes/no, on/off (any letter case);
/// nullopt for anything else.
[[nodiscard]] std::optional<bool> flag(const Node& node);

}  // namespace masthead::yaml
