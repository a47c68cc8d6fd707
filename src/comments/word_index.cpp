#include "comments/word_index.h"

#include <algorithm>
#include <utility>

#include "comments/hangul_jamo.h"
#include "comments/letter_stream.h"

namespace masthead::comments {
namespace {

/// Words of spaced scripts this short only match whole words or spelled-out letters.
constexpr std::size_t kMaxShortLetters = 4;

/// Anchored keys are found by their first two letters; a one-letter key uses an impossible
/// second letter.
constexpr std::uint64_t kNoSecondLetter = 0xFFFFFFFF;

std::uint64_t anchorOf(char32_t first, std::uint64_t second) {
    return (static_cast<std::uint64_t>(first) << 32) | second;
}

}  // namespace

WordIndex::WordIndex(const std::vector<WordRule>& rules) {
    lists_.reserve(rules.size());
    for (const WordRule& rule : rules) {
        lists_.push_back(rule.list);
    }
    for (std::size_t r = 0; r < rules.size(); ++r) {
        const auto rule = static_cast<std::uint32_t>(r);
        LetterStream stream = buildLetterStream(rules[r].word);
        if (stream.letters.empty()) {
            continue;
        }
        const bool spaced =
            std::ranges::all_of(stream.origin, [](const LetterOrigin& o) { return o.spaced; });
        if (!spaced) {
            if (std::u32string initials = hangul::initialsOf(stream.letters); !initials.empty()) {
                addAnchored(std::move(initials), rule, Reach::kAnywhere);
            }
            addAnchored(std::move(stream.letters), rule, Reach::kAnywhere);
            continue;
        }
        if (stream.words.size() > 1) {
            // A phrase ("kill yourself") matches whole words, however they are spaced.
            addAnchored(std::move(stream.letters), rule, Reach::kWholeWords);
            continue;
        }
        std::size_t sources = 0;
        for (std::size_t i = 0; i < stream.origin.size(); ++i) {
            sources += stream.startsCodePoint(i) ? 1 : 0;
        }
        if (sources > kMaxShortLetters) {
            addAnchored(std::move(stream.letters), rule, Reach::kWithinWord);
            continue;
        }
        whole_max_length_ = std::max(whole_max_length_, stream.letters.size());
        whole_[std::move(stream.letters)].push_back(rule);
    }
}

void WordIndex::addAnchored(std::u32string key, std::uint32_t rule, Reach reach) {
    const std::uint64_t anchor = anchorOf(key[0], key.size() > 1 ? key[1] : kNoSecondLetter);
    first_letters_.set(key[0] % kFilterBits);
    has_one_letter_keys_ = has_one_letter_keys_ || key.size() == 1;
    anchored_[anchor].push_back({std::move(key), rule, reach});
}

std::optional<WordIndex::Hit> WordIndex::find(const LetterStream& stream) const {
    const std::u32string_view letters = stream.letters;
    std::optional<Hit> banned;
    std::optional<Hit> suspect;
    const auto consider = [&](std::uint32_t begin, std::uint32_t end, std::uint32_t rule) {
        std::optional<Hit>& best = lists_[rule] == WordList::kBanned ? banned : suspect;
        if (!best || begin < best->begin || (begin == best->begin && rule < best->rule)) {
            best = Hit{begin, end, rule};
        }
    };

    if (!whole_.empty()) {
        const auto lookUp = [&](std::uint32_t begin, std::uint32_t end) {
            if (end - begin > whole_max_length_) {
                return;
            }
            if (const auto it = whole_.find(letters.substr(begin, end - begin));
                it != whole_.end()) {
                for (const std::uint32_t rule : it->second) {
                    consider(begin, end, rule);
                }
            }
        };
        for (const LetterSpan& word : stream.words) {
            lookUp(word.begin, word.end);
        }
        for (const LetterSpan& piece : stream.pieces) {
            lookUp(piece.begin, piece.end);
        }
        // Spelled-out letters: any run of up to kMaxShortLetters of them ("a f u c k").
        std::vector<std::uint32_t> starts;
        for (const LetterSpan& run : stream.spelled) {
            starts.clear();
            for (std::uint32_t i = run.begin; i < run.end; ++i) {
                if (i == run.begin || stream.startsCodePoint(i)) {
                    starts.push_back(i);
                }
            }
            starts.push_back(run.end);
            for (std::size_t s = 0; s + 1 < starts.size(); ++s) {
                for (std::size_t k = 1; k <= kMaxShortLetters && s + k < starts.size(); ++k) {
                    lookUp(starts[s], starts[s + k]);
                }
            }
        }
    }

    if (!anchored_.empty()) {
        const auto size = static_cast<std::uint32_t>(letters.size());
        const auto tryKeys = [&](std::uint32_t at, std::uint64_t anchor) {
            const auto it = anchored_.find(anchor);
            if (it == anchored_.end()) {
                return;
            }
            for (const Anchored& key : it->second) {
                const auto end = static_cast<std::uint32_t>(at + key.key.size());
                if (end > size) {
                    continue;
                }
                bool fits = true;
                switch (key.reach) {
                    case Reach::kWithinWord:
                        fits = end <= stream.reach[at];
                        break;
                    case Reach::kWholeWords:
                        fits = (stream.edges[at] & kStartsWord) != 0 &&
                               (stream.edges[end - 1] & kEndsWord) != 0;
                        break;
                    case Reach::kAnywhere:
                        // Whole syllables only: "시" is not the start of "십".
                        fits = !hangul::isJungseong(key.key.back()) || end == size ||
                               !hangul::isJongseong(letters[end]);
                        break;
                }
                if (fits && letters.substr(at, key.key.size()) == key.key) {
                    consider(at, end, key.rule);
                }
            }
        };
        for (std::uint32_t at = 0; at < size; ++at) {
            if (banned && at > banned->begin) {
                break;
            }
            if (!first_letters_.test(letters[at] % kFilterBits)) {
                continue;
            }
            if (at + 1 < size) {
                tryKeys(at, anchorOf(letters[at], letters[at + 1]));
            }
            if (has_one_letter_keys_) {
                tryKeys(at, anchorOf(letters[at], kNoSecondLetter));
            }
        }
    }

    return banned ? banned : suspect;
}

}  // namespace masthead::comments
