#include "dictionary/query.h"

#include <array>

#include "util/text.h"

namespace masthead::dictionary {
namespace {

struct Replacement {
    std::string_view from;
    char to;
};

// Typographic forms a browser selection or a CMS produces for characters the dictionaries
// spell in ASCII.
constexpr std::array<Replacement, 9> kReplacements = {{
    {"\u2019", '\''},  // right single quotation mark, the usual curly apostrophe
    {"\u2018", '\''},  // left single quotation mark
    {"\u02BC", '\''},  // modifier letter apostrophe
    {"\u2010", '-'},   // hyphen
    {"\u2011", '-'},   // non-breaking hyphen
    {"\u00A0", ' '},   // no-break space
    {"\u202F", ' '},   // narrow no-break space
    {"\u2009", ' '},   // thin space
    {"\u3000", ' '},   // ideographic space (Korean text around an English word)
}};

// Punctuation that ends a clause of a context sentence, besides ASCII punctuation.
constexpr std::array<std::string_view, 10> kClauseBreaks = {
    "\u2013", "\u2014", "\u2026", "\u201C", "\u201D",
    "\u00AB", "\u00BB", "\u3002", "\u3001", "\uFF0C",
};

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/// Length of the UTF-8 sequence starting with lead byte `c` (1 for ASCII and stray bytes).
std::size_t sequenceLength(unsigned char c) {
    if (c >= 0xF0) {
        return 4;
    }
    if (c >= 0xE0) {
        return 3;
    }
    if (c >= 0xC0) {
        return 2;
    }
    return 1;
}

bool isEdgePunctuation(char c) {
    static constexpr std::string_view kEdge = ".,;:!?\"'()[]{}<>*`";
    return kEdge.find(c) != std::string_view::npos;
}

void strip(std::string& s, bool (*drop)(char)) {
    std::size_t begin = 0;
    while (begin < s.size() && drop(s[begin])) {
        ++begin;
    }
    std::size_t end = s.size();
    while (end > begin && drop(s[end - 1])) {
        --end;
    }
    s = s.substr(begin, end - begin);
}

}  // namespace

std::string foldText(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    auto put = [&](char c) {
        if (isSpace(c)) {
            pending_space = !out.empty();
            return;
        }
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    };
    for (std::size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) >= 0x80) {
            bool replaced = false;
            for (const auto& [from, to] : kReplacements) {
                if (s.substr(i).starts_with(from)) {
                    put(to);
                    i += from.size();
                    replaced = true;
                    break;
                }
            }
            if (replaced) {
                continue;
            }
        }
        put(s[i]);
        ++i;
    }
    return out;
}

Result<std::string> normalizeQuery(std::string_view query) {
    if (query.size() > kMaxQueryBytes) {
        return fail(Error::invalidInput("the query is longer than " +
                                        std::to_string(kMaxQueryBytes) + " bytes"));
    }
    if (text::firstInvalidUtf8(query)) {
        return fail(Error::invalidInput("the query is not valid UTF-8"));
    }
    for (char c : query) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && !isSpace(c)) || u == 0x7F) {
            return fail(Error::invalidInput("the query holds control characters"));
        }
    }
    std::string folded = foldText(query);
    strip(folded, [](char c) { return isEdgePunctuation(c) || c == ' ' || c == '-'; });
    if (folded.empty()) {
        return fail(Error::invalidInput("the query is empty"));
    }
    return folded;
}

std::vector<std::vector<std::string>> contextClauses(std::string_view sentence) {
    std::vector<std::vector<std::string>> clauses;
    if (sentence.size() > kMaxContextBytes || text::firstInvalidUtf8(sentence)) {
        return clauses;
    }
    const std::string folded = foldText(sentence);
    std::vector<std::string> clause;
    std::string word;
    auto endWord = [&] {
        strip(word, [](char c) { return c == '\'' || c == '-'; });
        if (!word.empty()) {
            clause.push_back(std::move(word));
        }
        word.clear();
    };
    auto endClause = [&] {
        endWord();
        if (!clause.empty()) {
            clauses.push_back(std::move(clause));
        }
        clause.clear();
    };
    for (std::size_t i = 0; i < folded.size();) {
        const char c = folded[i];
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80) {
            const std::size_t n = std::min(sequenceLength(u), folded.size() - i);
            const std::string_view sequence(folded.data() + i, n);
            bool is_break = false;
            for (std::string_view b : kClauseBreaks) {
                is_break = is_break || sequence == b;
            }
            if (is_break) {
                endClause();
            } else {
                word.append(sequence);
            }
            i += n;
            continue;
        }
        if (isAsciiAlnum(c) || c == '\'' || c == '-') {
            word += c;
        } else if (c == ' ') {
            endWord();
        } else {
            endClause();
        }
        ++i;
    }
    endClause();
    return clauses;
}

}  // namespace masthead::dictionary
