#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace masthead::dictionary {

/// Longest query accepted, in bytes of the query as sent (issue 4: "> 64 bytes → 400").
inline constexpr std::size_t kMaxQueryBytes = 64;
/// Longer context sentences are ignored rather than refused: the context only ranks phrases.
inline constexpr std::size_t kMaxContextBytes = 2048;

/// The form every lookup key takes: curly apostrophes (’ ‘ ʼ) become ', typographic hyphens
/// become -, no-break spaces become spaces, ASCII letters are lower-cased, runs of whitespace
/// become one space, and the ends are trimmed. Other bytes are kept as they are (no Unicode
/// case folding or NFC). Never fails; `s` should be valid UTF-8.
[[nodiscard]] std::string foldText(std::string_view s);

/// Validates and folds a reader's query: also strips punctuation around it (a selection may
/// take the comma or the quotes beside a word). kInvalidInput when the query is longer than
/// kMaxQueryBytes, is not valid UTF-8, holds control characters, or is empty once folded.
[[nodiscard]] Result<std::string> normalizeQuery(std::string_view query);

/// The words of a context sentence, folded like a query, split into clauses at punctuation
/// (so that a phrase never spans a comma or a full stop). Returns no clauses when the
/// sentence is not valid UTF-8 or longer than kMaxContextBytes.
[[nodiscard]] std::vector<std::vector<std::string>> contextClauses(std::string_view sentence);

}  // namespace masthead::dictionary
