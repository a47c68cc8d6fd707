#pragma once

#include <string_view>
#include <vector>

#include "dictionary/entry.h"

namespace masthead::dictionary {

/// Parses an article of dictd's WordNet ("wn") database: the headword on the first line, then
/// senses such as `n 1: a person who abandons their duty; "an example" [syn: {deserter},
/// {defector}]`, numbered per part of speech. Returns one Entry per part of speech, in the
/// article's order; nothing when the text holds no sense. Never fails: text it does not
/// understand is kept as sense text.
[[nodiscard]] std::vector<Entry> parseWordNetEntry(std::string_view text);

}  // namespace masthead::dictionary
