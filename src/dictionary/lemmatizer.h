#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/error.h"

namespace masthead::dictionary {

/// WordNet's four parts of speech, the ones morphy knows rules for.
enum class PartOfSpeech : std::uint8_t { kNoun, kVerb, kAdjective, kAdverb };

inline constexpr std::array<PartOfSpeech, 4> kPartsOfSpeech = {
    PartOfSpeech::kNoun, PartOfSpeech::kVerb, PartOfSpeech::kAdjective, PartOfSpeech::kAdverb};

/// "noun", "verb", "adjective", "adverb".
[[nodiscard]] std::string_view partOfSpeechName(PartOfSpeech pos);

struct Lemma {
    std::string text;  ///< lower case, words separated by single spaces
    PartOfSpeech part_of_speech = PartOfSpeech::kNoun;
    friend bool operator==(const Lemma&, const Lemma&) = default;
};

/// WordNet's morphy: the base forms of an inflected word. For each part of speech it looks
/// the word up in the exception list (geese → goose, fled → flee, better → good), else
/// applies the detachment rules (-s, -ies → -y, -ed, -ing, -er, -est, ...) and keeps the
/// candidates that exist as lemmas of that part of speech. Multi-word forms inflect their last
/// word (hot potatoes → hot potato) and, for verbs, their first (took flight → take flight).
/// Immutable after construction: lemmatize() is safe from any thread.
class Lemmatizer {
  public:
    /// Whether `lemma` (lower case, spaces between words) exists with that part of speech.
    using Exists = std::function<bool(std::string_view lemma, PartOfSpeech pos)>;
    /// Inflected form → its base forms, sorted by form; same spelling rules as Exists.
    using Exceptions = std::vector<std::pair<std::string, std::vector<std::string>>>;

    /// Loads WordNet's exception lists (`noun.exc` ...) and lemma lists (`index.noun` ...)
    /// from DIR (Debian's wordnet-base: /usr/share/wordnet). kUnavailable naming the file
    /// that is missing or malformed (FILE:LINE).
    [[nodiscard]] static Result<Lemmatizer> loadWordNet(const std::filesystem::path& dir);

    /// A lemmatizer over other data: exception lists per part of speech (in kPartsOfSpeech
    /// order) and a predicate saying which lemmas exist.
    Lemmatizer(std::array<Exceptions, 4> exceptions, Exists exists);

    /// Base forms of `word`, each with its part of speech and without repeats: first the word
    /// itself for each part of speech in which it exists as it is (after folding case, curly
    /// apostrophes and a possessive 's or '), then morphy's lemmas, nouns before verbs,
    /// adjectives and adverbs. Hyphenated words are also tried with the hyphens as spaces and
    /// without them. Empty when nothing is known.
    [[nodiscard]] std::vector<Lemma> lemmatize(std::string_view word) const;

    [[nodiscard]] bool exists(std::string_view lemma, PartOfSpeech pos) const {
        return exists_(lemma, pos);
    }
    /// Lemmas known from WordNet's lists (0 for a lemmatizer built over a predicate).
    [[nodiscard]] std::size_t lemmaCount() const { return lemma_count_; }

  private:
    /// morphy for one part of speech: existing base forms of `form`.
    void morphy(const std::string& form, PartOfSpeech pos, std::vector<Lemma>& out) const;
    /// Base forms for a single word, existing or not (exceptions, else the rules).
    [[nodiscard]] std::vector<std::string> candidates(const std::string& word,
                                                      PartOfSpeech pos) const;
    [[nodiscard]] const std::vector<std::string>* exception(const std::string& form,
                                                            PartOfSpeech pos) const;

    std::array<Exceptions, 4> exceptions_;
    Exists exists_;
    std::size_t lemma_count_ = 0;
};

}  // namespace masthead::dictionary
