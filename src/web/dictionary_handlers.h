#pragma once

#include "dictionary/word_lookup.h"
#include "http/message.h"
#include "web/page_cache.h"

namespace masthead::web {

/// GET /api/dictionary: the word a reader double-clicked, looked up in the newsroom's
/// glossary and the dictionaries (dictionary::WordLookup), as JSON for dictionary.js.
/// Answers (definitions and unknown words) are cached by query, context and article until the
/// glossary changes.
class DictionaryHandlers {
  public:
    /// `cache` keeps definitions, `unknown` the answers for unknown words (404).
    DictionaryHandlers(const dictionary::WordLookup& lookup, PageCache& cache, PageCache& unknown)
        : lookup_(lookup), cache_(cache), unknown_(unknown) {}

    /// ?q=WORD[&context=SENTENCE][&article=ID]: 200 with the definition; 404 with up to 5
    /// suggestions for an unknown word; 400 for an empty, over-long (> 64 bytes), invalid
    /// UTF-8 or control-character query or a malformed article id; 503 when no dictionary
    /// is loaded. Always JSON.
    [[nodiscard]] http::Response lookup(const http::Request& request);

  private:
    const dictionary::WordLookup& lookup_;
    PageCache& cache_;
    PageCache& unknown_;
};

}  // namespace masthead::web
