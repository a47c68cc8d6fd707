#pragma once

#include <string>
#include <string_view>

#include "dictionary/entry.h"

namespace masthead::dictionary {

/// Parses an article of dictd's GCIDE database, such as
/// `Refuge \Ref"uge\ (r?f"?j), n. [F. r['e]fuge, ...] 1. Shelter or protection ... [1913 Webster]`:
/// the headword, the pronunciation in parentheses (dropped when Debian's conversion left '?'
/// for lost characters), the part of speech from its abbreviation, numbered senses with their
/// quotations as examples, and "Syn:" lists. Etymologies, notes, run-on phrases and source
/// tags ("[1913 Webster]") are left out; accent codes such as "[=e]" become Unicode letters,
/// cross-reference braces are removed. Never fails.
[[nodiscard]] Entry parseGcideEntry(std::string_view text);

/// GCIDE's ASCII accent codes ("[=e]", "['e]", "[ae]", "[oo^]" ...) as UTF-8; other
/// bracketed text is left alone.
[[nodiscard]] std::string convertGcideAccents(std::string_view text);

}  // namespace masthead::dictionary
