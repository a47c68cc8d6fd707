#include "dictionary/wordnet_entry.h"

#include <algorithm>
#include <array>
#include <utility>

namespace masthead::dictionary {
namespace {

struct PartOfSpeechTag {
    std::string_view tag;
    std::string_view name;
};

constexpr std::array<PartOfSpeechTag, 7> kTags = {{{"n", "noun"},
                                                   {"v", "verb"},
                                                   {"adj", "adjective"},
                                                   {"adv", "adverb"},
                                                   {"a", "adjective"},
                                                   {"s", "adjective"},
                                                   {"r", "adverb"}}};

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::size_t indentOf(std::string_view line) {
    std::size_t n = 0;
    while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) {
        ++n;
    }
    return n;
}

/// A sense line starts "[POS ]NUMBER: ". Returns the part of speech name (empty when the line
/// does not name one), the number and where the text begins.
struct SenseStart {
    std::string_view part_of_speech;
    int number = 0;
    std::size_t text = 0;
};

std::optional<SenseStart> senseStart(std::string_view line) {
    const std::size_t indent = indentOf(line);
    // Continuation lines are indented further than the sense lines (4 spaces).
    if (indent > 4 || indent == line.size()) {
        return std::nullopt;
    }
    std::size_t pos = indent;
    SenseStart start;
    if (!isDigit(line[pos])) {
        const std::size_t space = line.find(' ', pos);
        if (space == std::string_view::npos) {
            return std::nullopt;
        }
        const std::string_view tag = line.substr(pos, space - pos);
        const auto* known = std::ranges::find(kTags, tag, &PartOfSpeechTag::tag);
        if (known == kTags.end()) {
            return std::nullopt;
        }
        start.part_of_speech = known->name;
        pos = space + 1;
    }
    const std::size_t digits = pos;
    while (pos < line.size() && isDigit(line[pos]) && pos - digits < 4) {
        ++pos;
    }
    if (pos == digits || pos >= line.size() || line[pos] != ':') {
        return std::nullopt;
    }
    start.number = std::stoi(std::string(line.substr(digits, pos - digits)));
    start.text = pos + 1;
    return start;
}

/// "{deserter}, {defector}" → deserter, defector; drops WordNet's syntactic markers such as
/// "(p)" in "well(p)".
std::vector<std::string> tagItems(std::string_view body) {
    std::vector<std::string> items;
    std::size_t pos = 0;
    while (pos < body.size()) {
        const std::size_t comma = std::min(body.find(',', pos), body.size());
        std::string item = collapseSpaces(body.substr(pos, comma - pos));
        std::erase(item, '{');
        std::erase(item, '}');
        if (item.ends_with(')')) {
            const std::size_t open = item.rfind('(');
            if (open != std::string::npos && item.size() - open <= 4) {
                item.erase(open);
            }
        }
        item = collapseSpaces(item);
        if (!item.empty()) {
            items.push_back(std::move(item));
        }
        pos = comma + 1;
    }
    return items;
}

void addUnique(std::vector<std::string>& to, const std::string& item) {
    if (std::ranges::find(to, item) == to.end()) {
        to.push_back(item);
    }
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return std::ranges::equal(a, b, [](char x, char y) {
        auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
        return lower(x) == lower(y);
    });
}

/// Splits a sense's text into definition, examples and [syn: ...] / [ant: ...] lists.
Sense parseSense(int number, std::string_view raw, std::vector<std::string>& antonyms) {
    Sense sense;
    sense.number = number;
    std::string text = collapseSpaces(raw);
    std::ranges::replace(text, '`', '\'');
    // The bracketed lists come last; take them out wherever they are.
    for (std::string_view tag : {"[syn:", "[ant:", "[also:"}) {
        std::size_t at;
        while ((at = text.find(tag)) != std::string::npos) {
            const std::size_t close = text.find(']', at);
            const std::size_t end = close == std::string::npos ? text.size() : close + 1;
            auto items = tagItems(std::string_view(text).substr(
                at + tag.size(),
                (close == std::string::npos ? text.size() : close) - at - tag.size()));
            if (tag == "[syn:") {
                for (auto& item : items) {
                    addUnique(sense.synonyms, item);
                }
            } else if (tag == "[ant:") {
                for (auto& item : items) {
                    addUnique(antonyms, item);
                }
            }
            text.erase(at, end - at);
        }
    }
    text = collapseSpaces(text);
    // Examples are quoted and follow the definition after "; ".
    std::size_t examples = text.find("; \"");
    std::size_t scan = examples == std::string::npos ? std::string::npos : examples + 2;
    if (text.starts_with('"')) {
        examples = 0;
        scan = 0;
    }
    sense.text = collapseSpaces(std::string_view(text).substr(0, examples));
    while (scan != std::string::npos && scan < text.size()) {
        const std::size_t open = text.find('"', scan);
        if (open == std::string::npos) {
            break;
        }
        std::size_t close = text.find('"', open + 1);
        const bool closed = close != std::string::npos;
        if (!closed) {
            close = text.size();
        }
        std::string example =
            collapseSpaces(std::string_view(text).substr(open + 1, close - open - 1));
        scan = closed ? close + 1 : text.size();
        // An attribution may follow: "..."-Shakespeare or "..." - Bible
        std::size_t next = text.find("; \"", scan);
        std::string_view after = std::string_view(text).substr(
            scan, (next == std::string::npos ? text.size() : next) - scan);
        const std::string attribution = collapseSpaces(after);
        if (attribution.starts_with('-')) {
            const std::size_t name = attribution.find_first_not_of("- ");
            if (name != std::string::npos) {
                example += " \u2014" + attribution.substr(name);
            }
        }
        if (!example.empty()) {
            sense.examples.push_back(std::move(example));
        }
        scan = next == std::string::npos ? std::string::npos : next + 2;
    }
    return sense;
}

}  // namespace

std::vector<Entry> parseWordNetEntry(std::string_view text) {
    std::vector<Entry> entries;
    std::string headword;
    std::string_view part_of_speech;
    struct Pending {
        int number = 0;
        std::string raw;
    };
    std::optional<Pending> pending;
    auto finishSense = [&] {
        if (!pending) {
            return;
        }
        if (entries.empty()) {
            entries.push_back({headword, std::string(part_of_speech), std::nullopt, {}, {}, {}});
        }
        Entry& entry = entries.back();
        entry.senses.push_back(parseSense(pending->number, pending->raw, entry.antonyms));
        pending.reset();
    };
    std::size_t pos = 0;
    bool first_line = true;
    while (pos < text.size()) {
        const std::size_t eol = text.find('\n', pos);
        const std::string_view line =
            text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
        pos = eol == std::string_view::npos ? text.size() : eol + 1;
        if (first_line) {
            if (collapseSpaces(line).empty()) {
                continue;
            }
            headword = collapseSpaces(line);
            first_line = false;
            continue;
        }
        if (auto start = senseStart(line)) {
            finishSense();
            if (!start->part_of_speech.empty() &&
                (entries.empty() || start->part_of_speech != part_of_speech)) {
                part_of_speech = start->part_of_speech;
                entries.push_back(
                    {headword, std::string(part_of_speech), std::nullopt, {}, {}, {}});
            }
            pending = Pending{start->number, std::string(line.substr(start->text))};
            continue;
        }
        if (pending) {
            // dictd wraps lines after a hyphen too: "Dae-" + "Han-Min-Gook" is one word.
            std::string& raw = pending->raw;
            while (!raw.empty() && raw.back() == ' ') {
                raw.pop_back();
            }
            const bool split_word =
                raw.size() >= 2 && raw.back() == '-' && isLetter(raw[raw.size() - 2]);
            if (!split_word) {
                raw += ' ';
            }
            raw += line.substr(indentOf(line));
        } else if (!collapseSpaces(line).empty()) {
            // Text before any numbered sense: keep it rather than lose it.
            pending = Pending{1, std::string(line)};
        }
    }
    finishSense();
    for (Entry& entry : entries) {
        for (const Sense& sense : entry.senses) {
            for (const std::string& synonym : sense.synonyms) {
                if (!equalsIgnoringCase(synonym, entry.headword)) {
                    addUnique(entry.synonyms, synonym);
                }
            }
        }
    }
    std::erase_if(entries, [](const Entry& e) { return e.senses.empty(); });
    return entries;
}

}  // namespace masthead::dictionary
