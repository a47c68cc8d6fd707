#include "dictionary/dictionary.h"

#include <algorithm>
#include <future>

#include "dictionary/gcide_entry.h"
#include "dictionary/query.h"
#include "dictionary/wordnet_entry.h"
#include "util/text.h"

namespace masthead::dictionary {
namespace {

using Clock = std::chrono::steady_clock;

// Longest phrase looked for around a word, in words.
constexpr std::size_t kMaxPhraseWords = 5;
constexpr std::size_t kSuggestions = 5;

std::chrono::microseconds since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
}

std::vector<std::string> words(std::string_view s) {
    std::vector<std::string> out;
    for (std::string_view part : text::split(s, ' ')) {
        if (!part.empty()) {
            out.emplace_back(part);
        }
    }
    return out;
}

/// The words [begin, end) of `list`, joined by spaces.
std::string join(const std::vector<std::string>& list, std::size_t begin, std::size_t end) {
    std::string out;
    for (std::size_t i = begin; i < end; ++i) {
        if (i > begin) {
            out += ' ';
        }
        out += list[i];
    }
    return out;
}

/// Drops bytes that are not UTF-8; true when there were some.
bool dropInvalidUtf8(std::string& s) {
    bool dropped = false;
    std::size_t from = 0;
    while (auto bad = text::firstInvalidUtf8(std::string_view(s).substr(from))) {
        s.erase(from + *bad, 1);
        from += *bad;
        dropped = true;
    }
    return dropped;
}

}  // namespace

std::string_view toString(EntryFormat format) {
    switch (format) {
        case EntryFormat::kWordNet:
            return "wordnet";
        case EntryFormat::kGcide:
            return "gcide";
        case EntryFormat::kPlain:
            return "plain";
    }
    return "plain";
}

std::optional<EntryFormat> parseEntryFormat(std::string_view text) {
    for (EntryFormat f : {EntryFormat::kWordNet, EntryFormat::kGcide, EntryFormat::kPlain}) {
        if (text == toString(f)) {
            return f;
        }
    }
    return std::nullopt;
}

DictionaryConfig DictionaryConfig::debian() {
    DictionaryConfig config;
    config.sources.push_back({.name = "wn",
                              .attribution = "WordNet 3.0, \u00A9 2006 Princeton University, "
                                             "under the WordNet 3.0 licence",
                              .index = "/usr/share/dictd/wn.index",
                              .data = "/usr/share/dictd/wn.dict.dz",
                              .format = EntryFormat::kWordNet,
                              .title = "WordNet 3.0"});
    config.sources.push_back(
        {.name = "gcide",
         .attribution = "GCIDE 0.48, the Collaborative International Dictionary of English "
                        "(from Webster's 1913), under the GNU GPL version 2 or later",
         .index = "/usr/share/dictd/gcide.index",
         .data = "/usr/share/dictd/gcide.dict.dz",
         .format = EntryFormat::kGcide,
         .title = "GCIDE"});
    return config;
}

Dictionary::Dictionary(DictionaryConfig config) : config_(std::move(config)) {}

Dictionary::~Dictionary() = default;

Result<Dictionary::Source> Dictionary::openSource(const SourceConfig& config) {
    auto index = DictdIndex::load(config.index);
    if (!index) {
        return fail(index.error());
    }
    auto reader = DictzipReader::open(config.data, {config.cache_chunks});
    if (!reader) {
        return fail(reader.error());
    }
    if (index->dataEnd() > reader->size()) {
        return fail(Error::unavailable(
            config.index.string() + ":" + std::to_string(index->dataEndLine()) +
            ": the entry ends at byte " + std::to_string(index->dataEnd()) + ", beyond the " +
            std::to_string(reader->size()) + " bytes of " + config.data.string()));
    }
    Source source{config, {}, {}, std::move(*index), std::move(*reader)};
    if (auto meta = source.index.metadata("short")) {
        if (auto bytes = source.reader.read(meta->offset, meta->length)) {
            dropInvalidUtf8(*bytes);
            std::string_view body = *bytes;
            if (body.starts_with("00")) {  // the article repeats its headword first
                body.remove_prefix(std::min(body.size(), body.find('\n')));
            }
            source.short_name = collapseSpaces(body);
        }
    }
    source.title = !config.title.empty()        ? config.title
                   : !source.short_name.empty() ? source.short_name
                                                : config.name;
    return source;
}

Result<LoadReport> Dictionary::load() {
    const auto start = Clock::now();
    LoadReport report;
    sources_.clear();
    lemmatizer_.reset();
    articles_ = std::make_unique<ArticleCache>(config_.article_cache_bytes);
    // Each index and the lemmatizer load on their own thread: start-up time is mostly
    // reading and sorting, which the cores share well.
    struct Timed {
        Result<Source> source;
        std::chrono::microseconds time;
    };
    std::vector<std::future<Timed>> opening;
    opening.reserve(config_.sources.size());
    for (const SourceConfig& config : config_.sources) {
        opening.push_back(std::async(std::launch::async, [&config] {
            const auto source_start = Clock::now();
            auto source = openSource(config);
            return Timed{std::move(source), since(source_start)};
        }));
    }
    const auto lemmatizer_start = Clock::now();
    auto lemmatizer = Lemmatizer::loadWordNet(config_.wordnet_dir);
    report.lemmatizer_time = since(lemmatizer_start);

    std::string failures;
    for (std::size_t i = 0; i < opening.size(); ++i) {
        Timed opened = opening[i].get();
        SourceStatus status;
        status.name = config_.sources[i].name;
        status.load_time = opened.time;
        if (!opened.source) {
            status.error = opened.source.error();
            failures +=
                (failures.empty() ? "" : "; ") + status.name + ": " + opened.source.error().message;
        } else {
            const Source& source = *opened.source;
            status.loaded = true;
            status.short_name = source.short_name;
            status.entries = source.index.size();
            status.headwords = source.index.headwordCount();
            status.skipped_lines = source.index.skippedLines();
            status.file_order = source.index.fileOrder();
            status.memory_bytes = source.index.memoryBytes();
            sources_.push_back(std::move(*opened.source));
        }
        report.sources.push_back(std::move(status));
    }
    if (lemmatizer) {
        report.lemmas = lemmatizer->lemmaCount();
        lemmatizer_ = std::make_unique<Lemmatizer>(std::move(*lemmatizer));
    } else {
        report.lemmatizer_error = lemmatizer.error();
        // Rules only, against every source's headwords whatever the part of speech.
        lemmatizer_ = std::make_unique<Lemmatizer>(
            std::array<Lemmatizer::Exceptions, 4>{},
            [this](std::string_view lemma, PartOfSpeech) { return known(lemma); });
    }
    report.total_time = since(start);
    if (sources_.empty()) {
        return fail(Error::unavailable(
            "no dictionary could be loaded" +
            (failures.empty() ? std::string(" (none configured)") : ": " + failures)));
    }
    return report;
}

bool Dictionary::known(std::string_view headword) const {
    return std::ranges::any_of(sources_,
                               [&](const Source& s) { return s.index.contains(headword); });
}

std::vector<std::string> Dictionary::contextPhrases(std::string_view query,
                                                    std::string_view context) const {
    std::vector<std::string> found;
    if (context.empty()) {
        return found;
    }
    const std::vector<std::string> wanted = words(query);
    if (wanted.empty() || wanted.size() >= kMaxPhraseWords) {
        return found;
    }
    auto consider = [&](const std::vector<std::string>& clause, std::size_t begin,
                        std::size_t end) {
        // Cheap filter first: a phrase is only worth lemmatizing when some headword starts
        // with its words but the last (which morphy inflects), or, for a verb phrase, with
        // its first word's lemma ("took flight" → "take flight").
        auto plausible = [&](const std::string& head) {
            return std::ranges::any_of(sources_,
                                       [&](const Source& s) { return s.index.hasPrefix(head); });
        };
        const std::string middle = join(clause, begin + 1, end - 1);
        bool worth = plausible(join(clause, begin, end - 1) + ' ');
        if (!worth) {
            for (const Lemma& lemma : lemmatizer_->lemmatize(clause[begin])) {
                if (lemma.part_of_speech == PartOfSpeech::kVerb && lemma.text != clause[begin] &&
                    plausible(lemma.text + ' ' + (middle.empty() ? "" : middle + ' '))) {
                    worth = true;
                    break;
                }
            }
        }
        if (!worth) {
            return;
        }
        const std::string phrase = join(clause, begin, end);
        std::vector<std::string> forms;
        if (known(phrase)) {
            forms.push_back(phrase);
        }
        for (const Lemma& lemma : lemmatizer_->lemmatize(phrase)) {
            if (lemma.text.find(' ') != std::string::npos && known(lemma.text)) {
                forms.push_back(lemma.text);
            }
        }
        for (std::string& form : forms) {
            if (std::ranges::find(found, form) == found.end()) {
                found.push_back(std::move(form));
            }
        }
    };
    for (const auto& clause : contextClauses(context)) {
        for (std::size_t at = 0; at + wanted.size() <= clause.size(); ++at) {
            if (!std::equal(wanted.begin(), wanted.end(),
                            clause.begin() + static_cast<std::ptrdiff_t>(at))) {
                continue;
            }
            const std::size_t end = at + wanted.size();
            // Longest first: a longer headword is the more specific meaning.
            for (std::size_t extra = kMaxPhraseWords - wanted.size(); extra >= 1; --extra) {
                if (end + extra <= clause.size()) {
                    consider(clause, at, end + extra);
                }
                if (at >= extra) {
                    consider(clause, at - extra, end);
                }
            }
        }
    }
    return found;
}

Result<std::shared_ptr<const Article>> Dictionary::article(std::size_t source_number,
                                                           const IndexEntry& entry) const {
    const std::uint64_t key = ArticleCache::key(source_number, entry.offset);
    if (auto cached = articles_->find(key)) {
        return cached;
    }
    const Source& source = sources_[source_number];
    auto bytes = source.reader.read(entry.offset, entry.length);
    if (!bytes) {
        return fail(bytes.error());
    }
    if (dropInvalidUtf8(*bytes)) {
        invalid_utf8_articles_.fetch_add(1, std::memory_order_relaxed);
    }
    std::vector<Entry> parsed;
    switch (source.config.format) {
        case EntryFormat::kWordNet:
            parsed = parseWordNetEntry(*bytes);
            break;
        case EntryFormat::kGcide:
            if (Entry e = parseGcideEntry(*bytes); !e.senses.empty()) {
                parsed.push_back(std::move(e));
            }
            break;
        case EntryFormat::kPlain:
            parsed.push_back(parsePlainEntry(*bytes));
            break;
    }
    auto shared = std::make_shared<Article>();
    for (Entry& e : parsed) {
        shared->push_back(std::make_shared<const Entry>(std::move(e)));
    }
    // Parsed text takes about what the article took, plus the structures around it.
    articles_->put(key, shared, bytes->size() * 2 + 256);
    return shared;
}

LookupOutcome Dictionary::lookup(std::string_view query, std::string_view context) const {
    if (!available()) {
        return std::unexpected(
            LookupError{Error::unavailable("the dictionary is not available"), {}});
    }
    auto normalized = normalizeQuery(query);
    if (!normalized) {
        return std::unexpected(LookupError{normalized.error(), {}});
    }
    LookupResult result;
    result.query = *normalized;
    result.lemmas = lemmatizer_->lemmatize(result.query);

    std::vector<std::pair<std::string, bool>> headwords;
    auto add = [&](std::string headword, bool phrase) {
        if (std::ranges::find(headwords, headword, &std::pair<std::string, bool>::first) ==
            headwords.end()) {
            headwords.emplace_back(std::move(headword), phrase);
        }
    };
    for (std::string& phrase : contextPhrases(result.query, context)) {
        add(std::move(phrase), true);
    }
    add(result.query, false);
    for (const Lemma& lemma : result.lemmas) {
        add(lemma.text, false);
    }
    // A possessive the lemmatizer did not know (a name only GCIDE has).
    if (result.query.ends_with("'s") && result.query.size() > 2) {
        add(result.query.substr(0, result.query.size() - 2), false);
    }

    std::vector<std::vector<std::uint64_t>> seen(sources_.size());
    std::optional<Error> read_error;
    for (const auto& [headword, phrase] : headwords) {
        Match match{headword, phrase, {}};
        for (std::size_t s = 0; s < sources_.size(); ++s) {
            const Source& source = sources_[s];
            SourceEntries found{
                source.config.name, source.title, source.short_name, source.config.attribution, {}};
            for (const IndexEntry& entry : source.index.find(headword)) {
                if (std::ranges::find(seen[s], entry.offset) != seen[s].end()) {
                    continue;
                }
                seen[s].push_back(entry.offset);
                auto entries = article(s, entry);
                if (!entries) {
                    read_error = entries.error();
                    continue;
                }
                found.entries.insert(found.entries.end(), (*entries)->begin(), (*entries)->end());
            }
            if (!found.entries.empty()) {
                match.sources.push_back(std::move(found));
            }
        }
        if (!match.sources.empty()) {
            result.matches.push_back(std::move(match));
        }
    }
    if (result.matches.empty()) {
        if (read_error) {
            return std::unexpected(LookupError{
                Error::unavailable("the dictionary data could not be read", read_error->message),
                {}});
        }
        return std::unexpected(LookupError{Error::notFound("no entry for \"" + result.query + "\""),
                                           suggest(result.query, kSuggestions)});
    }
    return result;
}

std::vector<Lemma> Dictionary::lemmatize(std::string_view normalized) const {
    if (!available() || !lemmatizer_) {
        return {};
    }
    return lemmatizer_->lemmatize(normalized);
}

std::vector<std::string> Dictionary::suggest(std::string_view word, std::size_t limit) const {
    struct Candidate {
        std::string headword;
        unsigned distance;
        std::size_t order;
    };
    std::vector<Candidate> candidates;
    std::size_t order = 0;
    for (const Source& source : sources_) {
        for (const Suggestion& s : source.index.suggest(word, limit)) {
            candidates.push_back({std::string(s.headword), s.distance, order++});
        }
    }
    std::ranges::sort(candidates, [](const Candidate& a, const Candidate& b) {
        return a.distance != b.distance ? a.distance < b.distance : a.order < b.order;
    });
    std::vector<std::string> out;
    std::vector<std::string> folded;
    for (Candidate& c : candidates) {
        if (out.size() == limit) {
            break;
        }
        std::string key = text::toLowerAscii(c.headword);
        if (std::ranges::find(folded, key) == folded.end()) {
            folded.push_back(std::move(key));
            out.push_back(std::move(c.headword));
        }
    }
    return out;
}

}  // namespace masthead::dictionary
