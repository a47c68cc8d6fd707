#include "util/yaml.h"

#include <yaml.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace masthead::yaml {
namespace {

constexpr int kMaxDepth = 64;

/// Owns one libyaml event.
class Event {
  public:
    Event() = default;
    Event(const Event&) = delete;
    Event& operator=(const Event&) = delete;
    ~Event() { clear(); }
    void clear() {
        if (filled_) {
            yaml_event_delete(&event_);
            filled_ = false;
        }
    }
    yaml_event_t* fill() {
        clear();
        filled_ = true;
        return &event_;
    }
    [[nodiscard]] const yaml_event_t& get() const { return event_; }

  private:
    yaml_event_t event_{};
    bool filled_ = false;
};

/// Owns one libyaml parser over a text, and turns its events into Nodes.
class Builder {
  public:
    explicit Builder(std::string_view text) {
        yaml_parser_initialize(&parser_);
        yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                     text.size());
    }
    Builder(const Builder&) = delete;
    Builder& operator=(const Builder&) = delete;
    ~Builder() { yaml_parser_delete(&parser_); }

    /// libyaml's events come in a fixed order: the stream's start, then for each document
    /// its start, its root node's events and its end, then the stream's end.
    std::expected<Node, SyntaxError> document() {
        Event event;
        if (auto r = expect(event, YAML_STREAM_START_EVENT); !r) {
            return std::unexpected(r.error());
        }
        if (!read(event)) {
            return std::unexpected(error());
        }
        if (event.get().type == YAML_STREAM_END_EVENT) {
            return Node{};  // an empty text
        }
        if (!read(event)) {  // past the document's start, to its root node
            return std::unexpected(error());
        }
        auto root = node(event, 0);
        if (!root) {
            return std::unexpected(root.error());
        }
        if (auto r = expect(event, YAML_DOCUMENT_END_EVENT); !r) {
            return std::unexpected(r.error());
        }
        if (!read(event)) {
            return std::unexpected(error());
        }
        if (event.get().type != YAML_STREAM_END_EVENT) {
            return std::unexpected(at(event, "a second YAML document (\"---\") is not expected"));
        }
        return std::move(*root);
    }

  private:
    bool read(Event& event) { return yaml_parser_parse(&parser_, event.fill()) != 0; }

    /// Reads the next event, which must be of `type`.
    std::expected<void, SyntaxError> expect(Event& event, yaml_event_type_t type) {
        if (!read(event)) {
            return std::unexpected(error());
        }
        if (event.get().type != type) {
            return std::unexpected(at(event, "unexpected YAML"));  // libyaml's order is fixed
        }
        return {};
    }

    /// The node that begins with `event` (already read), and all of its children.
    std::expected<Node, SyntaxError> node(Event& event, int depth) {
        const yaml_event_t& e = event.get();
        Node out;
        out.line = static_cast<int>(e.start_mark.line) + 1;
        switch (e.type) {
            case YAML_ALIAS_EVENT:
                return std::unexpected(at(event, "aliases (*name) are not supported"));
            case YAML_SCALAR_EVENT: {
                if (e.data.scalar.tag != nullptr) {
                    return std::unexpected(at(event, "tags (!name) are not supported"));
                }
                out.scalar.assign(reinterpret_cast<const char*>(e.data.scalar.value),
                                  e.data.scalar.length);
                out.quoted = e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
                static constexpr std::array<std::string_view, 5> kNull = {"", "~", "null", "Null",
                                                                          "NULL"};
                const bool null =
                    !out.quoted && std::ranges::find(kNull, out.scalar) != kNull.end();
                out.kind = null ? Node::Kind::kNull : Node::Kind::kScalar;
                return out;
            }
            case YAML_SEQUENCE_START_EVENT:
            case YAML_MAPPING_START_EVENT: {
                const bool mapping = e.type == YAML_MAPPING_START_EVENT;
                const yaml_char_t* tag =
                    mapping ? e.data.mapping_start.tag : e.data.sequence_start.tag;
                if (tag != nullptr) {
                    return std::unexpected(at(event, "tags (!name) are not supported"));
                }
                if (depth >= kMaxDepth) {
                    return std::unexpected(at(event, "nested more than 64 levels deep"));
                }
                out.kind = mapping ? Node::Kind::kMapping : Node::Kind::kSequence;
                const yaml_event_type_t end =
                    mapping ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
                while (true) {
                    if (!read(event)) {
                        return std::unexpected(error());
                    }
                    if (event.get().type == end) {
                        return out;
                    }
                    auto child = node(event, depth + 1);
                    if (!child) {
                        return std::unexpected(child.error());
                    }
                    if (!mapping) {
                        out.items.push_back(std::move(*child));
                        continue;
                    }
                    if (!read(event)) {
                        return std::unexpected(error());
                    }
                    auto value = node(event, depth + 1);
                    if (!value) {
                        return std::unexpected(value.error());
                    }
                    out.entries.emplace_back(std::move(*child), std::move(*value));
                }
            }
            default:
                return std::unexpected(at(event, "unexpected YAML"));
        }
    }

    /// libyaml's own error: "PROBLEM while CONTEXT", at the line of the context when it has
    /// one (where the unclosed quote or list began), else where the problem was found.
    [[nodiscard]] SyntaxError error() const {
        SyntaxError out;
        out.message = parser_.problem != nullptr ? parser_.problem : "not valid YAML";
        const yaml_mark_t* mark = &parser_.problem_mark;
        if (parser_.context != nullptr) {
            out.message += std::string(" ") + parser_.context;
            mark = &parser_.context_mark;
        }
        out.line = static_cast<int>(mark->line) + 1;
        return out;
    }

    static SyntaxError at(const Event& event, std::string message) {
        return {static_cast<int>(event.get().start_mark.line) + 1, std::move(message)};
    }

    yaml_parser_t parser_{};
};

}  // namespace

Node::Node() = default;
Node::Node(const Node&) = default;
Node::Node(Node&&) noexcept = default;
Node& Node::operator=(const Node&) = default;
Node& Node::operator=(Node&&) noexcept = default;
Node::~Node() = default;

const Node* Node::find(std::string_view key) const {
    for (const auto& [k, v] : entries) {
        if (k.isScalar() && k.scalar == key) {
            return &v;
        }
    }
    return nullptr;
}

std::expected<Node, SyntaxError> parse(std::string_view text) { return Builder(text).document(); }

std::optional<bool> flag(const Node& node) {
    if (!node.isScalar()) {
        return std::nullopt;
    }
    std::string lower = node.scalar;
    std::ranges::transform(lower, lower.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "true" || lower == "yes" || lower == "on") {
        return true;
    }
    if (lower == "false" || lower == "no" || lower == "off") {
        return false;
    }
    return std::nullopt;
}

}  // namespace masthead::yaml
