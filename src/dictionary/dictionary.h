#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dictionary/article_cache.h"
#include "dictionary/dictd_index.h"
#include "dictionary/dictzip_reader.h"
#include "dictionary/entry.h"
#include "dictionary/lemmatizer.h"
#include "util/error.h"

namespace masthead::dictionary {

/// How a source's articles are written, which picks the parser.
enum class EntryFormat { kWordNet, kGcide, kPlain };

/// One dictd database.
struct SourceConfig {
    std::string name;         ///< short and stable, e.g. "wn"; shown with its entries
    std::string attribution;  ///< licence / credit text the pop-up shows with the entries
    std::filesystem::path index;
    std::filesystem::path data;  ///< .dict.dz (dictzip) or plain .dict
    EntryFormat format = EntryFormat::kPlain;
    std::size_t cache_chunks = 32;  ///< inflated chunks kept in memory (58 KB each for Debian's)
    /// What readers see, e.g. "WordNet 3.0"; empty: the database's own short name, else `name`.
    std::string title;
};

/// "wordnet", "gcide", "plain" (the configuration's spelling).
[[nodiscard]] std::string_view toString(EntryFormat format);
/// The format named `text`, or nullopt.
[[nodiscard]] std::optional<EntryFormat> parseEntryFormat(std::string_view text);

struct DictionaryConfig {
    std::vector<SourceConfig> sources;
    /// Debian wordnet-base: exception lists and lemma lists for the lemmatizer. When missing,
    /// lookups still work, with morphy's rules checked against the sources' headwords.
    std::filesystem::path wordnet_dir = "/usr/share/wordnet";
    /// Parsed articles kept for words read again (an estimate of their size in memory).
    std::size_t article_cache_bytes = std::size_t{16} << 20U;

    /// WordNet 3.0 and GCIDE as Debian's dict-wn and dict-gcide install them.
    [[nodiscard]] static DictionaryConfig debian();
};

/// What loading one source found.
struct SourceStatus {
    std::string name;
    bool loaded = false;
    std::string short_name;  ///< the database's own name (00-database-short), when present
    std::size_t entries = 0;
    std::size_t headwords = 0;
    std::size_t skipped_lines = 0;  ///< index lines skipped because they are not UTF-8
    IndexOrder file_order = IndexOrder::kUnsorted;
    std::size_t memory_bytes = 0;
    std::chrono::microseconds load_time{};
    std::optional<Error> error;  ///< why it did not load (names the file)
};

struct LoadReport {
    std::vector<SourceStatus> sources;
    std::size_t lemmas = 0;  ///< WordNet lemmas known to the lemmatizer
    /// Set when WordNet's lists could not be read (the lemmatizer then has no exception lists).
    std::optional<Error> lemmatizer_error;
    std::chrono::microseconds lemmatizer_time{};
    std::chrono::microseconds total_time{};
};

/// A source's entries for one headword. Entries are shared with the dictionary's cache of
/// parsed articles (immutable), which spares copying them on every lookup.
struct SourceEntries {
    std::string source;  ///< SourceConfig::name
    std::string title;   ///< SourceConfig::title, else the short name, else the name
    std::string short_name;
    std::string attribution;
    std::vector<std::shared_ptr<const Entry>> entries;
};

/// A headword that was found, with what each source says about it.
struct Match {
    std::string headword;  ///< as looked up (folded)
    bool phrase = false;   ///< a multi-word headword found around the word in its sentence
    std::vector<SourceEntries> sources;
};

struct LookupResult {
    std::string query;          ///< the query, normalized (normalizeQuery)
    std::vector<Lemma> lemmas;  ///< the query's base forms (Lemmatizer::lemmatize)
    /// Phrases from the context first (longest first), then the word as it is, then its
    /// lemmas; an article appears once, under the first headword that found it.
    std::vector<Match> matches;
};

/// A failed lookup: an Error plus, for kNotFound, the closest headwords.
struct LookupError : Error {
    std::vector<std::string> suggestions;
};
using LookupOutcome = std::expected<LookupResult, LookupError>;

/// The dictionaries the site reads from: dictd databases on disk, a WordNet lemmatizer, and
/// phrase detection in the sentence around a word. Build it, call load() once at start-up,
/// then lookup() from any number of threads.
class Dictionary {
  public:
    explicit Dictionary(DictionaryConfig config);
    Dictionary(const Dictionary&) = delete;
    Dictionary& operator=(const Dictionary&) = delete;
    ~Dictionary();

    /// Loads every source's index and opens its data, and the lemmatizer, in parallel. A source
    /// whose files are missing or corrupt is reported (SourceStatus::error names the file, and the
    /// line for an index) and left out; the others serve. kUnavailable, naming each failure,
    /// when no source loads: the dictionary is then disabled (available() is false).
    /// Not thread-safe; call before any lookup.
    [[nodiscard]] Result<LoadReport> load();

    /// True when at least one source loaded.
    [[nodiscard]] bool available() const { return !sources_.empty(); }

    /// Looks a reader's word or phrase up. `context` is the sentence it was selected in (may
    /// be empty): a multi-word headword that the word begins or ends there is offered first.
    /// Errors: kInvalidInput for a query normalizeQuery() refuses; kNotFound with up to 5
    /// suggestions when no source knows the word or its lemmas; kUnavailable when the
    /// dictionary is disabled or its data could not be read. Thread-safe.
    [[nodiscard]] LookupOutcome lookup(std::string_view query, std::string_view context = {}) const;

    /// The base forms of a query already normalized (normalizeQuery), as lookup() finds them;
    /// empty when the dictionary is disabled. Thread-safe.
    [[nodiscard]] std::vector<Lemma> lemmatize(std::string_view normalized) const;

    /// Up to `limit` headwords closest to `word` across all sources, closest first.
    [[nodiscard]] std::vector<std::string> suggest(std::string_view word,
                                                   std::size_t limit = 5) const;

    /// Articles seen so far with bytes that are not UTF-8 (those bytes were dropped).
    [[nodiscard]] std::size_t invalidUtf8Articles() const { return invalid_utf8_articles_.load(); }

  private:
    struct Source {
        SourceConfig config;
        std::string short_name;
        std::string title;
        DictdIndex index;
        DictzipReader reader;
    };

    [[nodiscard]] static Result<Source> openSource(const SourceConfig& config);
    /// True when some source has `headword`.
    [[nodiscard]] bool known(std::string_view headword) const;
    /// Multi-word headwords in `context` that begin or end with the query's words.
    [[nodiscard]] std::vector<std::string> contextPhrases(std::string_view query,
                                                          std::string_view context) const;
    /// The parsed entries of an article, from the cache or the data file.
    [[nodiscard]] Result<std::shared_ptr<const Article>> article(std::size_t source,
                                                                 const IndexEntry& entry) const;

    DictionaryConfig config_;
    std::vector<Source> sources_;
    std::unique_ptr<Lemmatizer> lemmatizer_;
    std::unique_ptr<ArticleCache> articles_;
    mutable std::atomic<std::size_t> invalid_utf8_articles_ = 0;
};

}  // namespace masthead::dictionary
