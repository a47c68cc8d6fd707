#include "dictionary/gcide_entry.h"

#include <algorithm>
#include <array>
#include <optional>

namespace masthead::dictionary {
namespace {

struct Named {
    std::string_view code;
    std::string_view text;
};

// GCIDE's named codes (its webfont list), for the letters and signs that occur in entries.
constexpr std::array<Named, 49> kNamed = {{
    {"ae", "\u00E6"},      {"AE", "\u00C6"},     {"oe", "\u0153"},      {"OE", "\u0152"},
    {"eth", "\u00F0"},     {"thorn", "\u00FE"},  {"yogh", "\u021D"},    {"root", "\u221A"},
    {"deg", "\u00B0"},     {"sect", "\u00A7"},   {"ng", "\u014B"},      {"th", "th"},
    {"pounds", "\u00A3"},  {"imac", "\u012B"},   {"aum", "\u00E4"},     {"asl", "\u0227"},
    {"esl", "\u0117"},     {"osl", "\u022F"},    {"usl", "u\u0307"},    {"add", "a\u0324"},
    {"udd", "\u1E73"},     {"dsdot", "\u1E0D"},  {"bprime", "\u2033"},  {"prime", "\u2032"},
    {"=oo", "o\u035Eo"},   {"oo^", "o\u035Do"},  {"=ae", "\u01E3"},     {"=AE", "\u01E2"},
    {"alpha", "\u03B1"},   {"beta", "\u03B2"},   {"gamma", "\u03B3"},   {"delta", "\u03B4"},
    {"epsilon", "\u03B5"}, {"zeta", "\u03B6"},   {"theta", "\u03B8"},   {"iota", "\u03B9"},
    {"kappa", "\u03BA"},   {"lambda", "\u03BB"}, {"omicron", "\u03BF"}, {"rho", "\u03C1"},
    {"sigma", "\u03C3"},   {"tau", "\u03C4"},    {"upsilon", "\u03C5"}, {"phi", "\u03C6"},
    {"omega", "\u03C9"},   {"frac12", "\u00BD"}, {"frac14", "\u00BC"},  {"frac34", "\u00BE"},
    {"hand", "\u261E"},
}};

struct Accent {
    char mark;  // the code's prefix; 'b' stands for the "x^" suffix form (breve)
    char base;
    std::string_view text;
};

// Precomposed letters for the common codes; others get a combining mark (below).
constexpr std::array<Accent, 64> kAccents = {{
    {'\'', 'a', "\u00E1"}, {'\'', 'e', "\u00E9"}, {'\'', 'i', "\u00ED"}, {'\'', 'o', "\u00F3"},
    {'\'', 'u', "\u00FA"}, {'\'', 'y', "\u00FD"}, {'\'', 'A', "\u00C1"}, {'\'', 'E', "\u00C9"},
    {'\'', 'I', "\u00CD"}, {'\'', 'O', "\u00D3"}, {'\'', 'U', "\u00DA"}, {'`', 'a', "\u00E0"},
    {'`', 'e', "\u00E8"},  {'`', 'i', "\u00EC"},  {'`', 'o', "\u00F2"},  {'`', 'u', "\u00F9"},
    {'^', 'a', "\u00E2"},  {'^', 'e', "\u00EA"},  {'^', 'i', "\u00EE"},  {'^', 'o', "\u00F4"},
    {'^', 'u', "\u00FB"},  {'=', 'a', "\u0101"},  {'=', 'e', "\u0113"},  {'=', 'i', "\u012B"},
    {'=', 'o', "\u014D"},  {'=', 'u', "\u016B"},  {'=', 'y', "\u0233"},  {'=', 'A', "\u0100"},
    {'=', 'E', "\u0112"},  {'=', 'I', "\u012A"},  {'=', 'O', "\u014C"},  {'=', 'U', "\u016A"},
    {'"', 'a', "\u00E4"},  {'"', 'e', "\u00EB"},  {'"', 'i', "\u00EF"},  {'"', 'o', "\u00F6"},
    {'"', 'u', "\u00FC"},  {'"', 'y', "\u00FF"},  {'"', 'A', "\u00C4"},  {'"', 'O', "\u00D6"},
    {'"', 'U', "\u00DC"},  {'~', 'n', "\u00F1"},  {'~', 'a', "\u00E3"},  {'~', 'o', "\u00F5"},
    {'~', 'e', "\u1EBD"},  {'~', 'N', "\u00D1"},  {',', 'c', "\u00E7"},  {',', 'C', "\u00C7"},
    {'*', 'a', "\u00E5"},  {'*', 'A', "\u00C5"},  {'*', 'u', "\u016F"},  {'b', 'a', "\u0103"},
    {'b', 'e', "\u0115"},  {'b', 'i', "\u012D"},  {'b', 'o', "\u014F"},  {'b', 'u', "\u016D"},
    {'b', 'A', "\u0102"},  {'b', 'E', "\u0114"},  {'b', 'I', "\u012C"},  {'b', 'O', "\u014E"},
    {'b', 'U', "\u016C"},  {'b', 'g', "\u011F"},  {'.', 'a', "\u1EA1"},  {'.', 'e', "\u1EB9"},
}};

struct Combining {
    char mark;
    std::string_view text;
};

constexpr std::array<Combining, 10> kCombining = {{{'\'', "\u0301"},
                                                   {'`', "\u0300"},
                                                   {'^', "\u0302"},
                                                   {'=', "\u0304"},
                                                   {'"', "\u0308"},
                                                   {'.', "\u0323"},
                                                   {'~', "\u0303"},
                                                   {',', "\u0327"},
                                                   {'*', "\u030A"},
                                                   {'b', "\u0306"}}};

bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::optional<std::string> accent(std::string_view code) {
    if (const auto* named = std::ranges::find(kNamed, code, &Named::code); named != kNamed.end()) {
        return std::string(named->text);
    }
    if (code.size() != 2) {
        return std::nullopt;
    }
    char mark = code[0];
    char base = code[1];
    if (code[1] == '^' && isLetter(code[0])) {
        mark = 'b';
        base = code[0];
    } else if (!isLetter(base)) {
        return std::nullopt;
    }
    if (mark == '-') {
        return std::string(1, base);  // a length mark with no Unicode counterpart worth showing
    }
    for (const Accent& a : kAccents) {
        if (a.mark == mark && a.base == base) {
            return std::string(a.text);
        }
    }
    for (const Combining& c : kCombining) {
        if (c.mark == mark) {
            return std::string(1, base) + std::string(c.text);
        }
    }
    return std::nullopt;
}

std::size_t indentOf(std::string_view line) {
    std::size_t n = 0;
    while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) {
        ++n;
    }
    return n;
}

std::string_view trim(std::string_view s) {
    const std::size_t begin = indentOf(s);
    std::size_t end = s.size();
    while (end > begin && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r')) {
        --end;
    }
    return s.substr(begin, end - begin);
}

/// Source tags such as "[1913 Webster]", "[PJC]", "[WordNet 1.5 +PJC]" (not usage labels
/// such as "[Obs.]").
bool isSourceTag(std::string_view content) {
    if (!content.empty() && isDigit(content.front())) {
        return true;
    }
    static constexpr std::array<std::string_view, 10> kSources = {
        "Webster", "PJC", "WordNet", "Century", "RDH", "RHUD", "AS", "GG", "RP", "MW"};
    std::size_t pos = 0;
    while (pos < content.size()) {
        while (pos < content.size() && !isLetter(content[pos])) {
            ++pos;
        }
        std::size_t end = pos;
        while (end < content.size() && isLetter(content[end])) {
            ++end;
        }
        const std::string_view word = content.substr(pos, end - pos);
        if (!word.empty() && std::ranges::find(kSources, word) != kSources.end()) {
            return true;
        }
        pos = end;
    }
    return false;
}

bool isSourceLine(std::string_view line) {
    const std::string_view t = trim(line);
    return t.size() >= 2 && t.front() == '[' && t.back() == ']' &&
           t.find('[', 1) == std::string_view::npos && isSourceTag(t.substr(1, t.size() - 2));
}

/// Plain text of a piece of an entry: no source tags, cross-reference braces or backslashes,
/// "--" as a dash, whitespace collapsed.
std::string cleanText(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    static constexpr std::string_view kSpecial = "[{}\\-";
    std::size_t copied = 0;
    for (std::size_t i = s.find_first_of(kSpecial); i != std::string_view::npos;
         i = s.find_first_of(kSpecial, i + 1)) {
        const char c = s[i];
        if (c == '[') {
            const std::size_t close = s.find(']', i + 1);
            if (close != std::string_view::npos && isSourceTag(s.substr(i + 1, close - i - 1))) {
                out.append(s.substr(copied, i - copied));
                copied = close + 1;
                i = close;
            }
        } else if (c == '-') {
            if (i + 1 < s.size() && s[i + 1] == '-') {
                out.append(s.substr(copied, i - copied));
                out += "\u2014";
                copied = i + 2;
                ++i;
            }
        } else {
            out.append(s.substr(copied, i - copied));
            copied = i + 1;
        }
    }
    out.append(s.substr(copied));
    return collapseSpaces(out);
}

std::string partOfSpeechOf(std::string_view abbreviation) {
    std::string a = collapseSpaces(abbreviation);
    while (!a.empty() && (a.front() == ',' || a.front() == ' ')) {
        a.erase(0, 1);
    }
    struct Prefix {
        std::string_view prefix;
        std::string_view name;
    };
    static constexpr std::array<Prefix, 12> kPrefixes = {{{"prop. n", "proper noun"},
                                                          {"n.", "noun"},
                                                          {"v.", "verb"},
                                                          {"a.", "adjective"},
                                                          {"adj.", "adjective"},
                                                          {"p. a.", "adjective"},
                                                          {"adv.", "adverb"},
                                                          {"pron.", "pronoun"},
                                                          {"prep.", "preposition"},
                                                          {"conj.", "conjunction"},
                                                          {"interj.", "interjection"},
                                                          {"n", "noun"}}};
    for (const Prefix& p : kPrefixes) {
        if (a.starts_with(p.prefix) &&
            (p.prefix.back() == '.' || a.size() == p.prefix.size() || a[p.prefix.size()] == ' ' ||
             a[p.prefix.size()] == '.' || a[p.prefix.size()] == ',')) {
            return std::string(p.name);
        }
    }
    return {};
}

std::vector<std::string> synonymList(std::string_view text) {
    const std::size_t dash = text.find("--");
    text = text.substr(0, dash);
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = std::min(text.find_first_of(";,", pos), text.size());
        std::string item = cleanText(text.substr(pos, end - pos));
        while (!item.empty() && (item.back() == '.' || item.back() == ' ')) {
            item.pop_back();
        }
        // Longer pieces are explanations, not synonyms.
        if (!item.empty() && item.size() <= 40 && item.find('?') == std::string::npos &&
            std::ranges::find(out, item) == out.end()) {
            out.push_back(std::move(item));
        }
        pos = end + 1;
    }
    return out;
}

bool isSenseLine(std::string_view line) {
    const std::size_t indent = indentOf(line);
    if (indent > 4) {
        return false;
    }
    std::size_t pos = indent;
    while (pos < line.size() && isDigit(line[pos]) && pos - indent < 3) {
        ++pos;
    }
    return pos > indent && pos + 1 < line.size() && line[pos] == '.' && line[pos + 1] == ' ';
}

}  // namespace

std::string convertGcideAccents(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t copied = 0;
    for (std::size_t i = text.find('['); i != std::string_view::npos; i = text.find('[', i + 1)) {
        const std::size_t close = text.find(']', i + 1);
        if (close == std::string_view::npos) {
            break;
        }
        if (close - i - 1 <= 7) {
            if (auto replaced = accent(text.substr(i + 1, close - i - 1))) {
                out.append(text.substr(copied, i - copied));
                out += *replaced;
                copied = close + 1;
                i = close;
            }
        }
    }
    out.append(text.substr(copied));
    return out;
}

Entry parseGcideEntry(std::string_view raw) {
    const std::string text = convertGcideAccents(raw);
    std::vector<std::string_view> lines;
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t eol = std::min(text.find('\n', pos), text.size());
        lines.push_back(std::string_view(text).substr(pos, eol - pos));
        pos = eol + 1;
    }
    while (!lines.empty() && trim(lines.front()).empty()) {
        lines.erase(lines.begin());
    }
    Entry entry;
    if (lines.empty()) {
        return entry;
    }

    // The header runs from the first line until its brackets (inflections, etymology) close.
    constexpr std::size_t kMaxHeaderLines = 12;
    std::size_t header_end = 0;
    int depth = 0;
    for (std::size_t i = 0; i < lines.size() && i < kMaxHeaderLines; ++i) {
        for (char c : lines[i]) {
            depth += c == '[' ? 1 : c == ']' ? -1 : 0;
            depth = std::max(depth, 0);
        }
        if (depth == 0) {
            header_end = i;
            break;
        }
    }
    std::string header;
    for (std::size_t i = 0; i <= header_end; ++i) {
        header += lines[i];
        header += ' ';
    }
    const std::size_t first_backslash = lines[0].find('\\');
    entry.headword = cleanText(lines[0].substr(0, first_backslash));
    while (!entry.headword.empty() && entry.headword.back() == ',') {
        entry.headword.pop_back();
    }
    const std::size_t bracket = std::min(header.find('['), header.size());
    const std::size_t form_open = header.find('\\');
    const std::size_t form_close =
        form_open == std::string::npos ? std::string::npos : header.find('\\', form_open + 1);
    if (form_close != std::string::npos && form_close < bracket) {
        std::size_t pos = header.find_first_not_of(' ', form_close + 1);
        if (pos != std::string::npos && header[pos] == '(') {
            const std::size_t close = header.find(')', pos);
            if (close != std::string::npos) {
                std::string pronunciation = header.substr(pos + 1, close - pos - 1);
                // Debian's conversion left '?' where characters were lost: show nothing then.
                if (pronunciation.find('?') == std::string::npos) {
                    std::string pretty;
                    for (char c : pronunciation) {
                        pretty += c == '"'   ? "\u2032"
                                  : c == '`' ? "\u2033"
                                  : c == '*' ? "-"
                                             : std::string(1, c);
                    }
                    pretty = collapseSpaces(pretty);
                    if (!pretty.empty()) {
                        entry.pronunciation = std::move(pretty);
                    }
                }
            }
        }
        // The part of speech follows the last form (and its pronunciation) of the header.
        std::size_t last_form = header.rfind('\\', bracket - 1);
        std::size_t after = last_form + 1;
        const std::size_t open = header.find_first_not_of(' ', after);
        if (open != std::string::npos && header[open] == '(') {
            const std::size_t close = header.find(')', open);
            after = close == std::string::npos ? after : close + 1;
        }
        const std::size_t end = std::min(header.find(';', after), bracket);
        if (after < end) {
            entry.part_of_speech =
                partOfSpeechOf(std::string_view(header).substr(after, end - after));
        }
    }

    // The body: paragraphs split by blank lines, source tags and numbered senses.
    struct Paragraph {
        std::size_t indent = 0;
        std::string text;
    };
    std::vector<Paragraph> paragraphs;
    bool open_paragraph = false;
    for (std::size_t i = header_end + 1; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        if (trim(line).empty() || isSourceLine(line)) {
            open_paragraph = false;
            continue;
        }
        if (!open_paragraph || isSenseLine(line)) {
            paragraphs.push_back({indentOf(line), {}});
            open_paragraph = true;
        }
        paragraphs.back().text += line;
        paragraphs.back().text += '\n';
    }
    bool examples_belong = false;
    for (const Paragraph& p : paragraphs) {
        const std::string_view t = trim(p.text);
        if (isSenseLine(p.text)) {
            const std::size_t dot = t.find('.');
            Sense sense;
            sense.number = std::stoi(std::string(t.substr(0, dot)));
            sense.text = cleanText(t.substr(dot + 1));
            entry.senses.push_back(std::move(sense));
            examples_belong = true;
        } else if (t.starts_with("Syn:")) {
            for (std::string& s : synonymList(t.substr(4))) {
                if (std::ranges::find(entry.synonyms, s) == entry.synonyms.end()) {
                    entry.synonyms.push_back(std::move(s));
                }
            }
            examples_belong = false;
            // The final else's body, but tested before the indent: an indented note or run-on
            // phrase is no example.
            // NOLINTNEXTLINE(bugprone-branch-clone)
        } else if (t.starts_with("Note:") || t.starts_with('{')) {
            examples_belong = false;  // notes and run-on phrases are left out
        } else if (p.indent >= 8) {
            std::string example = cleanText(t);
            if (examples_belong && !entry.senses.empty() && !example.empty() &&
                example.find("??") == std::string::npos) {
                entry.senses.back().examples.push_back(std::move(example));
            }
        } else if (entry.senses.empty()) {
            entry.senses.push_back({1, cleanText(t), {}, {}});
            examples_belong = true;
        } else {
            examples_belong = false;
        }
    }
    std::erase_if(entry.senses, [](const Sense& s) { return s.text.empty(); });
    return entry;
}

}  // namespace masthead::dictionary
