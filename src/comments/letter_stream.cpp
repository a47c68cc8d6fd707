#include "comments/letter_stream.h"

#include <unicode/utf8.h>

#include <algorithm>

#include "comments/hangul_jamo.h"
#include "comments/letter_fold.h"

namespace masthead::comments {
namespace {

/// One code point of the text; its letters are [letters_begin, letters_end) of a buffer.
struct Item {
    LetterKind kind = LetterKind::kSeparator;
    bool spaced = true;
    bool digit = false;
    std::uint32_t letters_begin = 0;
    std::uint32_t letters_end = 0;
    std::uint32_t byte_begin = 0;
    std::uint32_t byte_end = 0;
};

/// Decides, word by word, which leetspeak characters are letters. A digit or "@"/"$" is a
/// letter when the nearest letter before or after it in its word is a Latin-like letter
/// ("sh1t", "a$$", "s.h.1.t"); digits additionally only when the word has at least as many
/// letters as digits, so "2026", "1980s" and "A55" stay numbers. A word that is a single such
/// character next to a word of a single letter ("s h 1 t") counts too. Everything else is a
/// separator: "시1발" is "시발".
void resolveLeet(std::vector<Item>& items, const std::vector<LetterSpan>& words) {
    const auto significant = [&items](const LetterSpan& word) -> int {
        int found = -1;
        for (std::uint32_t i = word.begin; i < word.end; ++i) {
            if (items[i].kind == LetterKind::kIgnorable) {
                continue;
            }
            if (found >= 0) {
                return -1;
            }
            found = static_cast<int>(i);
        }
        return found;
    };
    std::vector<int> single(words.size());
    for (std::size_t w = 0; w < words.size(); ++w) {
        single[w] = significant(words[w]);
    }
    const auto singleLetter = [&](std::size_t w) {
        return single[w] >= 0 &&
               items[static_cast<std::size_t>(single[w])].kind == LetterKind::kLetters &&
               items[static_cast<std::size_t>(single[w])].spaced;
    };
    for (std::size_t w = 0; w < words.size(); ++w) {
        const LetterSpan& word = words[w];
        if (single[w] >= 0 &&
            items[static_cast<std::size_t>(single[w])].kind == LetterKind::kLeet) {
            Item& item = items[static_cast<std::size_t>(single[w])];
            const bool letter =
                (w > 0 && singleLetter(w - 1)) || (w + 1 < words.size() && singleLetter(w + 1));
            item.kind = letter ? LetterKind::kLetters : LetterKind::kSeparator;
            continue;
        }
        std::size_t letters = 0;
        std::size_t digits = 0;
        bool any_leet = false;
        for (std::uint32_t i = word.begin; i < word.end; ++i) {
            letters += items[i].kind == LetterKind::kLetters && items[i].spaced ? 1 : 0;
            digits += items[i].digit ? 1 : 0;
            any_leet = any_leet || items[i].kind == LetterKind::kLeet;
        }
        if (!any_leet) {
            continue;
        }
        // Whether the nearest letter on each side of a position is spaced (Latin-like).
        const std::size_t size = word.end - word.begin;
        std::vector<bool> spaced_before(size, false);
        std::vector<bool> spaced_after(size, false);
        bool last = false;
        for (std::uint32_t i = word.begin; i < word.end; ++i) {
            spaced_before[i - word.begin] = last;
            if (items[i].kind == LetterKind::kLetters) {
                last = items[i].spaced;
            }
        }
        last = false;
        for (std::uint32_t i = word.end; i-- > word.begin;) {
            spaced_after[i - word.begin] = last;
            if (items[i].kind == LetterKind::kLetters) {
                last = items[i].spaced;
            }
        }
        for (std::uint32_t i = word.begin; i < word.end; ++i) {
            Item& item = items[i];
            if (item.kind != LetterKind::kLeet) {
                continue;
            }
            const bool beside_letter =
                spaced_before[i - word.begin] || spaced_after[i - word.begin];
            const bool letter = beside_letter && (!item.digit || digits <= letters);
            item.kind = letter ? LetterKind::kLetters : LetterKind::kSeparator;
        }
    }
}

}  // namespace

LetterStream buildLetterStream(std::string_view text) {
    std::vector<Item> items;
    std::u32string buffer;
    items.reserve(text.size());
    buffer.reserve(text.size() + text.size() / 2);
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto length = static_cast<std::int64_t>(text.size());
    std::int64_t at = 0;
    LetterFold ascii;
    while (at < length) {
        Item item;
        item.byte_begin = static_cast<std::uint32_t>(at);
        UChar32 decoded = 0;
        // NOLINTNEXTLINE(bugprone-inc-dec-in-conditions): ICU's macro; && sequences its ++i
        U8_NEXT_OR_FFFD(bytes, at, length, decoded);
        item.byte_end = static_cast<std::uint32_t>(at);
        const auto c = static_cast<char32_t>(decoded);
        item.letters_begin = static_cast<std::uint32_t>(buffer.size());
        if (c < 0x80) {
            ascii.letters.clear();
            foldAscii(c, ascii);
            item.kind = ascii.kind;
            item.digit = ascii.digit;
            buffer += ascii.letters;
        } else if (hangul::isSyllable(c) ||
                   (hangul::isConjoiningJamo(c) && c != hangul::kChoseongFiller &&
                    c != hangul::kJungseongFiller)) {
            item.kind = LetterKind::kLetters;
            item.spaced = false;
            hangul::appendJamo(c, buffer);
        } else {
            const LetterFold& fold = foldOther(c);
            item.kind = fold.kind;
            item.spaced = fold.spaced;
            item.digit = fold.digit;
            buffer += fold.letters;
        }
        item.letters_end = static_cast<std::uint32_t>(buffer.size());
        items.push_back(item);
    }

    std::vector<LetterSpan> words;
    for (std::uint32_t i = 0; i < items.size();) {
        if (items[i].kind == LetterKind::kSpace) {
            ++i;
            continue;
        }
        LetterSpan word{i, i};
        while (word.end < items.size() && items[word.end].kind != LetterKind::kSpace) {
            ++word.end;
        }
        words.push_back(word);
        i = word.end;
    }
    resolveLeet(items, words);

    LetterStream stream;
    stream.letters.reserve(buffer.size());
    stream.origin.reserve(buffer.size());
    std::vector<bool> word_spelled;
    for (const LetterSpan& word : words) {
        const auto word_begin = static_cast<std::uint32_t>(stream.letters.size());
        bool spelled = true;
        bool piece_open = false;
        bool piece_spaced = true;
        std::uint32_t piece_begin = 0;
        std::size_t piece_sources = 0;
        const auto closePiece = [&] {
            if (!piece_open) {
                return;
            }
            piece_open = false;
            spelled = spelled && piece_spaced && piece_sources == 1;
            if (piece_spaced) {
                stream.pieces.push_back(
                    {piece_begin, static_cast<std::uint32_t>(stream.letters.size())});
            }
        };
        for (std::uint32_t i = word.begin; i < word.end; ++i) {
            const Item& item = items[i];
            if (item.kind == LetterKind::kIgnorable) {
                continue;
            }
            if (item.kind != LetterKind::kLetters || item.letters_begin == item.letters_end) {
                closePiece();
                continue;
            }
            if (piece_open && piece_spaced != item.spaced) {
                closePiece();
            }
            if (!piece_open) {
                piece_open = true;
                piece_spaced = item.spaced;
                piece_begin = static_cast<std::uint32_t>(stream.letters.size());
                piece_sources = 0;
            }
            ++piece_sources;
            for (std::uint32_t l = item.letters_begin; l < item.letters_end; ++l) {
                stream.letters += buffer[l];
                stream.origin.push_back({item.byte_begin, item.byte_end, item.spaced});
            }
        }
        closePiece();
        const auto word_end = static_cast<std::uint32_t>(stream.letters.size());
        if (word_end > word_begin) {
            stream.words.push_back({word_begin, word_end});
            word_spelled.push_back(spelled);
        }
    }

    stream.reach.resize(stream.letters.size());
    stream.edges.resize(stream.letters.size());
    for (const LetterSpan& word : stream.words) {
        std::fill(stream.reach.begin() + word.begin, stream.reach.begin() + word.end, word.end);
        stream.edges[word.begin] |= kStartsWord;
        stream.edges[word.end - 1] |= kEndsWord;
    }
    for (std::size_t w = 0; w < stream.words.size();) {
        if (!word_spelled[w]) {
            ++w;
            continue;
        }
        std::size_t last = w;
        while (last + 1 < stream.words.size() && word_spelled[last + 1]) {
            ++last;
        }
        const LetterSpan run{stream.words[w].begin, stream.words[last].end};
        std::size_t sources = 0;
        for (std::uint32_t i = run.begin; i < run.end; ++i) {
            sources += i == run.begin || stream.startsCodePoint(i) ? 1 : 0;
        }
        if (sources >= 2) {
            stream.spelled.push_back(run);
            std::fill(stream.reach.begin() + run.begin, stream.reach.begin() + run.end, run.end);
        }
        w = last + 1;
    }

    // An initial consonant not followed by a vowel stands alone: "ㅅㅂ", unlike "사발".
    for (std::size_t i = 0; i < stream.letters.size(); ++i) {
        const char32_t c = stream.letters[i];
        if (hangul::isModernChoseong(c) &&
            (i + 1 == stream.letters.size() || !hangul::isJungseong(stream.letters[i + 1]))) {
            stream.letters[i] = hangul::standaloneInitial(c);
        }
    }
    return stream;
}

}  // namespace masthead::comments
