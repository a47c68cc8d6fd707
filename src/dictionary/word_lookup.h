#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dictionary/dictionary.h"
#include "dictionary/glossary.h"

namespace masthead::dictionary {

/// A glossary entry that matched a lookup.
struct GlossaryMatch {
    std::string term;
    std::string korean;
    std::string note;
    bool article_scoped = false;  ///< false: a site-wide entry
};

/// Everything the pop-up shows for a word: the newsroom's glossary first, then what each
/// dictionary says.
struct Definition {
    std::string normalized;     ///< the query as normalizeQuery() folds it
    std::vector<Lemma> lemmas;  ///< its base forms
    /// The multi-word headword found around the word in its sentence, offered first.
    std::optional<std::string> phrase;
    /// The article's entries first (when an article was given), then the site's; for the
    /// phrase, the word as it is and its lemmas, in that order, each entry once.
    std::vector<GlossaryMatch> glossary;
    /// Per source, in the order they first matched (the phrase's sources first), the entries
    /// of every headword found. Empty when only the glossary knows the word.
    std::vector<SourceEntries> sources;
};
using DefinitionOutcome = std::expected<Definition, LookupError>;

/// Looks a reader's word up in the newsroom's glossary and in the dictionaries, which is
/// what GET /api/dictionary answers. Reads the glossary's current snapshot: no SQL per lookup.
/// Thread-safe.
class WordLookup {
  public:
    WordLookup(const Dictionary& dictionary, const Glossary& glossary)
        : dictionary_(dictionary), glossary_(glossary) {}

    /// False when no dictionary source loaded (or the dictionary is switched off): define()
    /// then answers kUnavailable, and pages do not offer the dictionary.
    [[nodiscard]] bool available() const { return dictionary_.available(); }

    /// `context`: the sentence the word was selected in (may be empty); `article_id`: the
    /// article it was read in, whose own glossary entries come first. Errors as
    /// Dictionary::lookup(), except that a word only the glossary knows is found.
    [[nodiscard]] DefinitionOutcome define(std::string_view query, std::string_view context,
                                           std::optional<std::int64_t> article_id) const;

    /// Changes when the glossary changes: cached answers of an older generation are stale.
    [[nodiscard]] std::uint64_t generation() const { return glossary_.generation(); }

  private:
    const Dictionary& dictionary_;
    const Glossary& glossary_;
};

}  // namespace masthead::dictionary
