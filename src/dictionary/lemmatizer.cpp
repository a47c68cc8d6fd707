#include "dictionary/lemmatizer.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <span>

#include "dictionary/query.h"
#include "util/file_bytes.h"

namespace masthead::dictionary {
namespace {

struct Rule {
    std::string_view suffix;
    std::string_view replacement;
};

// WordNet's detachment rules (morph.c, in its order).
constexpr std::array<Rule, 8> kNounRules = {{{"s", ""},
                                             {"ses", "s"},
                                             {"xes", "x"},
                                             {"zes", "z"},
                                             {"ches", "ch"},
                                             {"shes", "sh"},
                                             {"men", "man"},
                                             {"ies", "y"}}};
constexpr std::array<Rule, 8> kVerbRules = {{{"s", ""},
                                             {"ies", "y"},
                                             {"es", "e"},
                                             {"es", ""},
                                             {"ed", "e"},
                                             {"ed", ""},
                                             {"ing", "e"},
                                             {"ing", ""}}};
constexpr std::array<Rule, 4> kAdjectiveRules = {
    {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}}};

std::span<const Rule> rulesFor(PartOfSpeech pos) {
    switch (pos) {
        case PartOfSpeech::kNoun:
            return kNounRules;
        case PartOfSpeech::kVerb:
            return kVerbRules;
        case PartOfSpeech::kAdjective:
            return kAdjectiveRules;
        case PartOfSpeech::kAdverb:
            return {};
    }
    return {};
}

constexpr std::array<std::string_view, 4> kFileNames = {"noun", "verb", "adj", "adv"};

std::size_t indexOf(PartOfSpeech pos) { return static_cast<std::size_t>(pos); }

Result<std::string> readFile(const std::filesystem::path& file) {
    auto bytes = readWholeFile(file);
    if (!bytes) {
        return fail(Error::unavailable("cannot read WordNet file " + file.string() + ": " +
                                       bytes.error().message));
    }
    return bytes;
}

/// Calls `line(number, text)` for each line of `bytes`.
template <typename Fn>
void forEachLine(std::string_view bytes, Fn&& line) {
    std::size_t number = 0;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        ++number;
        const std::size_t eol = bytes.find('\n', pos);
        std::string_view text =
            bytes.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
        pos = eol == std::string_view::npos ? bytes.size() : eol + 1;
        if (text.ends_with('\r')) {
            text.remove_suffix(1);
        }
        if (!line(number, text)) {
            return;
        }
    }
}

std::string wordNetSpelling(std::string_view s) {
    std::string out(s);
    std::ranges::replace(out, '_', ' ');
    return out;
}

/// WordNet's lemmas with the parts of speech of each: one arena and an open-addressing hash
/// table of 8-byte records, about 4 MB for WordNet 3.0's 147,000 distinct lemmas.
class LemmaTable {
  public:
    LemmaTable(std::size_t expected_lemmas, std::size_t expected_bytes) {
        records_.reserve(expected_lemmas);
        arena_.reserve(expected_bytes);
        rehash(expected_lemmas * 2);
    }
    /// Adds a lemma spelled as in WordNet's files (underscores between words).
    void add(std::string_view spelled, PartOfSpeech pos) {
        const std::size_t at = arena_.size();
        arena_.append(spelled);
        char* text = arena_.data() + at;
        for (std::size_t i = 0; i < spelled.size(); ++i) {
            text[i] = text[i] == '_' ? ' ' : text[i];
        }
        const std::string_view lemma(arena_.data() + at, spelled.size());
        const auto bit = static_cast<std::uint8_t>(1U << indexOf(pos));
        std::size_t slot = find(lemma);
        if (slots_[slot] != kEmpty) {
            records_[slots_[slot]].parts |= bit;
            arena_.resize(at);  // already known
            return;
        }
        slots_[slot] = static_cast<std::uint32_t>(records_.size());
        records_.push_back(
            {static_cast<std::uint32_t>(at), static_cast<std::uint16_t>(spelled.size()), bit});
        if (records_.size() * 2 > slots_.size()) {
            rehash(slots_.size() * 2);
        }
    }
    [[nodiscard]] bool contains(std::string_view lemma, PartOfSpeech pos) const {
        const std::uint32_t record = slots_[find(lemma)];
        return record != kEmpty && (records_[record].parts & (1U << indexOf(pos))) != 0;
    }
    [[nodiscard]] std::size_t size() const { return records_.size(); }

  private:
    struct Record {
        std::uint32_t offset;
        std::uint16_t size;
        std::uint8_t parts;  // a bit per PartOfSpeech
    };
    static constexpr std::uint32_t kEmpty = std::numeric_limits<std::uint32_t>::max();
    static std::size_t hash(std::string_view s) { return std::hash<std::string_view>{}(s); }
    [[nodiscard]] std::string_view text(const Record& r) const {
        return {arena_.data() + r.offset, r.size};
    }
    /// The slot holding `lemma`, or the empty slot where it would go.
    [[nodiscard]] std::size_t find(std::string_view lemma) const {
        const std::size_t mask = slots_.size() - 1;
        std::size_t slot = hash(lemma) & mask;
        while (slots_[slot] != kEmpty && text(records_[slots_[slot]]) != lemma) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }
    void rehash(std::size_t wanted) {
        std::size_t capacity = 16;
        while (capacity < wanted) {
            capacity *= 2;
        }
        slots_.assign(capacity, kEmpty);
        for (std::uint32_t i = 0; i < records_.size(); ++i) {
            slots_[find(text(records_[i]))] = i;
        }
    }

    std::string arena_;
    std::vector<Record> records_;
    std::vector<std::uint32_t> slots_;
};

Result<Lemmatizer::Exceptions> parseExceptions(const std::filesystem::path& file,
                                               std::string_view bytes) {
    Lemmatizer::Exceptions exceptions;
    std::optional<Error> error;
    forEachLine(bytes, [&](std::size_t number, std::string_view line) {
        if (line.empty()) {
            return true;
        }
        std::vector<std::string> words;
        std::size_t pos = 0;
        while (pos < line.size()) {
            const std::size_t space = std::min(line.find(' ', pos), line.size());
            if (space > pos) {
                words.push_back(wordNetSpelling(line.substr(pos, space - pos)));
            }
            pos = space + 1;
        }
        if (words.size() < 2) {
            error = Error::unavailable(file.string() + ":" + std::to_string(number) +
                                       ": an exception needs an inflected form and a base form");
            return false;
        }
        std::string form = std::move(words.front());
        words.erase(words.begin());
        exceptions.emplace_back(std::move(form), std::move(words));
        return true;
    });
    if (error) {
        return fail(*error);
    }
    // Sorted by form for binary search; a form listed twice keeps all its base forms.
    std::ranges::sort(exceptions);
    Lemmatizer::Exceptions merged;
    for (auto& [form, bases] : exceptions) {
        if (!merged.empty() && merged.back().first == form) {
            merged.back().second.insert(merged.back().second.end(), bases.begin(), bases.end());
        } else {
            merged.emplace_back(std::move(form), std::move(bases));
        }
    }
    return merged;
}

bool endsWith(std::string_view s, std::string_view suffix) {
    return s.size() > suffix.size() && s.ends_with(suffix);
}

}  // namespace

std::string_view partOfSpeechName(PartOfSpeech pos) {
    switch (pos) {
        case PartOfSpeech::kNoun:
            return "noun";
        case PartOfSpeech::kVerb:
            return "verb";
        case PartOfSpeech::kAdjective:
            return "adjective";
        case PartOfSpeech::kAdverb:
            return "adverb";
    }
    return "noun";
}

Result<Lemmatizer> Lemmatizer::loadWordNet(const std::filesystem::path& dir) {
    std::array<Exceptions, 4> exceptions;
    std::array<MappedFile, 4> indexes;
    std::size_t lines = 0;
    std::size_t bytes = 0;
    for (PartOfSpeech pos : kPartsOfSpeech) {
        const std::string name(kFileNames[indexOf(pos)]);
        const auto exc_file = dir / (name + ".exc");
        auto exc_bytes = readFile(exc_file);
        if (!exc_bytes) {
            return fail(exc_bytes.error());
        }
        auto parsed = parseExceptions(exc_file, *exc_bytes);
        if (!parsed) {
            return fail(parsed.error());
        }
        exceptions[indexOf(pos)] = std::move(*parsed);
        const auto index_file = dir / ("index." + name);
        auto mapped = mapFile(index_file);
        if (!mapped) {
            return fail(Error::unavailable("cannot read WordNet file " + index_file.string() +
                                           ": " + mapped.error().message));
        }
        indexes[indexOf(pos)] = std::move(*mapped);
        lines += countLines(indexes[indexOf(pos)].text);
        bytes += indexes[indexOf(pos)].text.size();
    }
    // Lemmas are about a fifth of the index files' bytes; unused reservation is never touched.
    auto table = std::make_shared<LemmaTable>(lines, bytes / 2);
    for (PartOfSpeech pos : kPartsOfSpeech) {
        // index.POS: license lines start with spaces, then "lemma pos ..." per line.
        const auto index_file = dir / ("index." + std::string(kFileNames[indexOf(pos)]));
        std::optional<Error> error;
        forEachLine(indexes[indexOf(pos)].text, [&](std::size_t number, std::string_view line) {
            if (line.empty() || line.front() == ' ') {
                return true;
            }
            const std::size_t space = line.find(' ');
            if (space == std::string_view::npos || space == 0 || space > 1024) {
                error = Error::unavailable(index_file.string() + ":" + std::to_string(number) +
                                           ": malformed WordNet index line");
                return false;
            }
            table->add(line.substr(0, space), pos);
            return true;
        });
        if (error) {
            return fail(*error);
        }
        indexes[indexOf(pos)] = {};
    }
    Lemmatizer lemmatizer(std::move(exceptions), [table](std::string_view lemma, PartOfSpeech pos) {
        return table->contains(lemma, pos);
    });
    lemmatizer.lemma_count_ = table->size();
    return lemmatizer;
}

Lemmatizer::Lemmatizer(std::array<Exceptions, 4> exceptions, Exists exists)
    : exceptions_(std::move(exceptions)), exists_(std::move(exists)) {}

const std::vector<std::string>* Lemmatizer::exception(const std::string& form,
                                                      PartOfSpeech pos) const {
    const Exceptions& list = exceptions_[indexOf(pos)];
    const auto it = std::ranges::lower_bound(list, form, {}, &Exceptions::value_type::first);
    return it != list.end() && it->first == form ? &it->second : nullptr;
}

std::vector<std::string> Lemmatizer::candidates(const std::string& word, PartOfSpeech pos) const {
    if (const auto* bases = exception(word, pos)) {
        return *bases;
    }
    std::vector<std::string> out;
    for (const Rule& rule : rulesFor(pos)) {
        // "men" → "man" leaves no stem; "s" → "" would leave nothing at all.
        if (word.ends_with(rule.suffix) &&
            word.size() + rule.replacement.size() > rule.suffix.size()) {
            out.push_back(word.substr(0, word.size() - rule.suffix.size()) +
                          std::string(rule.replacement));
        }
    }
    return out;
}

void Lemmatizer::morphy(const std::string& form, PartOfSpeech pos, std::vector<Lemma>& out) const {
    auto keep = [&](const std::string& text) {
        if (!exists_(text, pos)) {
            return false;
        }
        Lemma lemma{text, pos};
        if (std::ranges::find(out, lemma) == out.end()) {
            out.push_back(std::move(lemma));
        }
        return true;
    };
    if (const auto* bases = exception(form, pos)) {
        keep(form);
        for (const std::string& base : *bases) {
            keep(base);
        }
        return;
    }
    const std::size_t space = form.rfind(' ');
    if (space != std::string::npos) {
        keep(form);
        const std::string head = form.substr(0, space + 1);
        for (const std::string& base : candidates(form.substr(space + 1), pos)) {
            keep(head + base);
        }
        if (pos == PartOfSpeech::kVerb) {
            const std::size_t first_space = form.find(' ');
            const std::string tail = form.substr(first_space);
            for (const std::string& base : candidates(form.substr(0, first_space), pos)) {
                keep(base + tail);
            }
        }
        return;
    }
    if (pos == PartOfSpeech::kNoun && (form.ends_with("ss") || form.size() <= 2)) {
        keep(form);
        return;
    }
    // As NLTK's morphy: the form and one round of rules; when none exists, apply the rules
    // again to what the previous round made (a few rounds at most: each one shortens).
    std::vector<std::string> forms = candidates(form, pos);
    bool found = keep(form);
    for (const std::string& f : forms) {
        found = keep(f) || found;
    }
    for (int round = 0; round < 2 && !found && !forms.empty(); ++round) {
        std::vector<std::string> next;
        for (const std::string& f : forms) {
            for (std::string& c : candidates(f, pos)) {
                next.push_back(std::move(c));
            }
        }
        forms = std::move(next);
        for (const std::string& f : forms) {
            found = keep(f) || found;
        }
    }
}

std::vector<Lemma> Lemmatizer::lemmatize(std::string_view word) const {
    const std::string folded = foldText(word);
    if (folded.empty()) {
        return {};
    }
    std::vector<std::string> forms = {folded};
    if (endsWith(folded, "'s")) {
        forms.push_back(folded.substr(0, folded.size() - 2));
    } else if (endsWith(folded, "'")) {
        forms.push_back(folded.substr(0, folded.size() - 1));
    }
    for (std::size_t i = 0, n = forms.size(); i < n; ++i) {
        if (forms[i].find('-') != std::string::npos) {
            std::string spaced = forms[i];
            std::ranges::replace(spaced, '-', ' ');
            std::string joined = forms[i];
            std::erase(joined, '-');
            forms.push_back(std::move(spaced));
            forms.push_back(std::move(joined));
        }
    }
    std::vector<Lemma> out;
    for (const std::string& form : forms) {
        for (PartOfSpeech pos : kPartsOfSpeech) {
            Lemma lemma{form, pos};
            if (exists_(form, pos) && std::ranges::find(out, lemma) == out.end()) {
                out.push_back(std::move(lemma));
            }
        }
    }
    for (const std::string& form : forms) {
        for (PartOfSpeech pos : kPartsOfSpeech) {
            morphy(form, pos, out);
        }
    }
    return out;
}

}  // namespace masthead::dictionary
