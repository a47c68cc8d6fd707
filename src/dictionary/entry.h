#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace masthead::dictionary {

/// One numbered meaning of an entry.
struct Sense {
    int number = 1;
    std::string text;
    std::vector<std::string> examples;  ///< usage examples and quotations, without quotes
    std::vector<std::string> synonyms;  ///< this sense's synonyms, when the source says
};

/// A dictionary article parsed into the parts the pop-up shows, whatever the source format.
/// All text is plain UTF-8 (source markup removed), whitespace collapsed.
struct Entry {
    std::string headword;
    /// "noun", "verb", "adjective", "adverb", "pronoun", "preposition", "conjunction",
    /// "interjection", "proper noun"; empty when the source gives none we know.
    std::string part_of_speech;
    std::optional<std::string> pronunciation;
    std::vector<Sense> senses;
    std::vector<std::string> synonyms;  ///< all senses' synonyms, without the headword
    std::vector<std::string> antonyms;
};

/// An article of a database without a known format: the headword (its first line) and the
/// rest of the text as one sense.
[[nodiscard]] Entry parsePlainEntry(std::string_view text);

/// Collapses runs of whitespace into single spaces and trims.
[[nodiscard]] std::string collapseSpaces(std::string_view s);

}  // namespace masthead::dictionary
