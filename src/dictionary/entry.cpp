#include "dictionary/entry.h"

#include <algorithm>

namespace masthead::dictionary {

std::string collapseSpaces(std::string_view s) {
    static constexpr std::string_view kSpaces = " \t\n\r";
    std::string out;
    out.reserve(s.size());
    std::size_t pos = s.find_first_not_of(kSpaces);
    while (pos != std::string_view::npos) {
        const std::size_t end = std::min(s.find_first_of(kSpaces, pos), s.size());
        if (!out.empty()) {
            out += ' ';
        }
        out.append(s.substr(pos, end - pos));
        pos = s.find_first_not_of(kSpaces, end);
    }
    return out;
}

Entry parsePlainEntry(std::string_view text) {
    Entry entry;
    const std::size_t eol = text.find('\n');
    entry.headword = collapseSpaces(text.substr(0, eol));
    if (eol != std::string_view::npos) {
        std::string body = collapseSpaces(text.substr(eol + 1));
        if (!body.empty()) {
            entry.senses.push_back({1, std::move(body), {}, {}});
        }
    }
    return entry;
}

}  // namespace masthead::dictionary
