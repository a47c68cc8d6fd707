#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "dictionary/glossary_store.h"

namespace masthead::dictionary {

/// Reads a glossary import file: a JSON array of objects
/// `{"term": "jeonse", "korean": "전세", "note": "...", "article": "slug"}` where `note` and
/// `article` (omitted: site-wide) are optional. Checks each entry's shape and text
/// (checkGlossaryInput) and returns every problem found, each as "entry N: what is wrong"
/// (N from 1), or one problem for a file that is not a JSON array. Article slugs are
/// checked when the entries are stored (GlossaryStore::importEntries).
[[nodiscard]] std::expected<std::vector<GlossaryInput>, std::vector<std::string>> parseGlossaryJson(
    std::string_view json);

}  // namespace masthead::dictionary
