#include "comments/word_filter.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <bitset>
#include <functional>
#include <unordered_map>
#include <utility>

#include "comments/comment_text.h"
#include "util/check.h"
#include "util/text.h"

namespace masthead::comments {

/// The rules' keys, precomputed by the WordFilter constructor and only read afterwards.
struct WordIndex {
    struct KeyHash {
        using is_transparent = void;
        std::size_t operator()(std::u32string_view s) const {
            return std::hash<std::u32string_view>{}(s);
        }
    };
    enum class Reach : std::uint8_t {
        kWithinWord,  ///< inside one word, or inside letters spelled out one at a time
        kWholeWords,  ///< a phrase: from the first letter of a word to the last of a word
        kAnywhere,    ///< scripts written without spaces
    };
    /// A key matched at any letter within its reach.
    struct Anchored {
        std::u32string key;
        std::uint32_t rule = 0;
        Reach reach = Reach::kWithinWord;
    };
    static constexpr std::size_t kFilterBits = 4096;

    /// Words of at most kMaxShortLetters letters in spaced scripts: whole words, whole pieces
    /// of words and spelled-out letters are looked up here.
    std::unordered_map<std::u32string, std::vector<std::uint32_t>, KeyHash, std::equal_to<>> whole;
    std::size_t whole_max_length = 0;
    /// Every other key, by its first two letters (see anchorOf).
    std::unordered_map<std::uint64_t, std::vector<Anchored>> anchored;
    /// First letters of anchored keys (modulo kFilterBits): most letters start no key.
    std::bitset<kFilterBits> first_letters;
    bool has_one_letter_keys = false;
};

namespace {

/// Words of spaced scripts this short only match whole words or spelled-out letters.
constexpr std::size_t kMaxShortLetters = 4;
constexpr std::size_t kMaxRuleCharacters = 40;

enum class Kind : std::uint8_t {
    kIgnorable,  ///< combining marks, zero-width characters: invisible to matching
    kSpace,      ///< ends a word
    kSeparator,  ///< punctuation, symbols, emoji, digits that are not leetspeak
    kLetters,
    kLeet,  ///< a digit or symbol that stands for a letter when it sits in a Latin word
};

/// What one code point of the text folds to.
struct Fold {
    Kind kind = Kind::kSeparator;
    bool spaced = true;      ///< letters of a script that puts spaces between words
    bool digit = false;      ///< a digit, folded or not: too many keep a word a number
    std::u32string letters;  ///< kLetters: the letters; kLeet: the letter it stands for
};

/// One code point of the text; its letters are [letters_begin, letters_end) of a buffer.
struct Item {
    Kind kind = Kind::kSeparator;
    bool spaced = true;
    bool digit = false;
    std::uint32_t letters_begin = 0;
    std::uint32_t letters_end = 0;
    std::uint32_t byte_begin = 0;
    std::uint32_t byte_end = 0;
};

struct Span {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

/// Where a letter of the stream came from.
struct Origin {
    std::uint32_t byte_begin = 0;
    std::uint32_t byte_end = 0;
    bool spaced = true;
};

/// A text folded to letters only.
struct Stream {
    std::u32string letters;
    std::vector<Origin> origin;        ///< parallel to letters
    std::vector<Span> words;           ///< the letters of each whitespace-delimited word
    std::vector<Span> pieces;          ///< spaced letters between separators within a word
    std::vector<Span> spelled;         ///< runs of words spelled out one letter at a time
    std::vector<std::uint32_t> reach;  ///< per letter: end of its word or of its spelled run
    std::vector<std::uint8_t> edges;   ///< per letter: kStartsWord | kEndsWord
};

constexpr std::uint8_t kStartsWord = 1;
constexpr std::uint8_t kEndsWord = 2;

// Hangul. Syllables decompose arithmetically (Unicode 15, section 3.12).
constexpr char32_t kSyllableFirst = 0xAC00;
constexpr char32_t kSyllableLast = 0xD7A3;
constexpr char32_t kChoseongFirst = 0x1100;
constexpr char32_t kChoseongLastModern = 0x1112;
constexpr char32_t kJungseongFirst = 0x1161;
constexpr char32_t kJongseongBase = 0x11A7;
constexpr char32_t kJungseongCount = 21;
constexpr char32_t kJongseongCount = 28;

/// How an initial consonant that stands alone ("ㅅㅂ") is written in the stream: as the
/// compatibility jamo, so that it never equals an initial consonant of a full syllable.
constexpr char32_t kStandaloneInitial[] = {0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141,
                                           0x3142, 0x3143, 0x3145, 0x3146, 0x3147, 0x3148, 0x3149,
                                           0x314A, 0x314B, 0x314C, 0x314D, 0x314E};

bool isSyllable(char32_t c) { return c >= kSyllableFirst && c <= kSyllableLast; }
bool isConjoiningJamo(char32_t c) {
    return (c >= 0x1100 && c <= 0x11FF) || (c >= 0xA960 && c <= 0xA97F) ||
           (c >= 0xD7B0 && c <= 0xD7FF);
}
bool isModernChoseong(char32_t c) { return c >= kChoseongFirst && c <= kChoseongLastModern; }
bool isChoseong(char32_t c) { return (c >= 0x1100 && c <= 0x115F) || (c >= 0xA960 && c <= 0xA97F); }
bool isJungseong(char32_t c) {
    return (c >= 0x1160 && c <= 0x11A7) || (c >= 0xD7B0 && c <= 0xD7C6);
}
bool isJongseong(char32_t c) {
    return (c >= 0x11A8 && c <= 0x11FF) || (c >= 0xD7CB && c <= 0xD7FB);
}
bool isStandaloneInitial(char32_t c) { return c >= 0x3131 && c <= 0x314E; }
bool isHangulLetter(char32_t c) { return isConjoiningJamo(c) || isStandaloneInitial(c); }

void appendJamo(char32_t c, std::u32string& out) {
    if (!isSyllable(c)) {
        // The fillers only pad incomplete syllables and are invisible.
        if (c != 0x115F && c != 0x1160) {
            out += c;
        }
        return;
    }
    const char32_t index = c - kSyllableFirst;
    out += kChoseongFirst + index / (kJungseongCount * kJongseongCount);
    out += kJungseongFirst + index % (kJungseongCount * kJongseongCount) / kJongseongCount;
    if (const char32_t final_index = index % kJongseongCount; final_index != 0) {
        out += kJongseongBase + final_index;
    }
}

/// Scripts written without spaces between words: their rules match anywhere.
bool isUnspacedScript(char32_t c) {
    UErrorCode status = U_ZERO_ERROR;
    switch (uscript_getScript(static_cast<UChar32>(c), &status)) {
        case USCRIPT_HANGUL:
        case USCRIPT_HAN:
        case USCRIPT_HIRAGANA:
        case USCRIPT_KATAKANA:
        case USCRIPT_KATAKANA_OR_HIRAGANA:
        case USCRIPT_THAI:
        case USCRIPT_LAO:
        case USCRIPT_KHMER:
        case USCRIPT_MYANMAR:
            return true;
        default:
            return false;
    }
}

/// The letter a leetspeak digit or symbol stands for, or 0.
char32_t leetLetter(char32_t c) {
    switch (c) {
        case '0':
            return 'o';
        case '1':
            return 'i';
        case '3':
            return 'e';
        case '4':
            return 'a';
        case '5':
            return 's';
        case '7':
            return 't';
        case '@':
            return 'a';
        case '$':
            return 's';
        default:
            return 0;
    }
}

void foldAscii(char32_t c, Fold& fold) {
    if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
    }
    fold.spaced = true;
    fold.digit = c >= '0' && c <= '9';
    if (c >= 'a' && c <= 'z') {
        fold.kind = Kind::kLetters;
        fold.letters += c;
    } else if (c == ' ' || (c >= '\t' && c <= '\r')) {
        fold.kind = Kind::kSpace;
    } else if (const char32_t letter = leetLetter(c); letter != 0) {
        fold.kind = Kind::kLeet;
        fold.letters += letter;
    } else {
        fold.kind = Kind::kSeparator;
    }
}

struct SpoofCloser {
    void operator()(USpoofChecker* checker) const { uspoof_close(checker); }
};

/// The ICU objects folding needs, created once per process. uspoof.h: "functions that take a
/// const USpoofChecker parameter are thread safe"; uspoof_getSkeletonUnicodeString takes a
/// const checker, so this one serves every thread. Normalizer2 instances are immutable.
struct Icu {
    const icu::Normalizer2* nfkc_casefold = nullptr;
    std::unique_ptr<USpoofChecker, SpoofCloser> spoof;
    /// Skeletons of ASCII letters that differ from the letter ("m" is "rn"). ASCII letters are
    /// kept as they are, so a look-alike whose skeleton is one of these folds to the letter.
    std::vector<std::pair<icu::UnicodeString, char32_t>> ascii_skeletons;

    icu::UnicodeString skeleton(const icu::UnicodeString& s) const {
        UErrorCode status = U_ZERO_ERROR;
        icu::UnicodeString out;
        uspoof_getSkeletonUnicodeString(spoof.get(), 0, s, out, &status);
        MASTHEAD_CHECK(U_SUCCESS(status), "the skeleton of valid UTF-16 always exists");
        return out;
    }
};

const Icu& icu() {
    static const Icu instance = [] {
        Icu made;
        UErrorCode status = U_ZERO_ERROR;
        made.nfkc_casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
        MASTHEAD_CHECK(U_SUCCESS(status), "ICU's NFKC_Casefold data is built in");
        made.spoof.reset(uspoof_open(&status));
        MASTHEAD_CHECK(made.spoof != nullptr && U_SUCCESS(status),
                       "ICU's confusables data is built in");
        for (char32_t c = 'a'; c <= 'z'; ++c) {
            icu::UnicodeString skeleton =
                made.skeleton(icu::UnicodeString(static_cast<UChar32>(c)));
            if (skeleton != icu::UnicodeString(static_cast<UChar32>(c))) {
                made.ascii_skeletons.emplace_back(std::move(skeleton), c);
            }
        }
        return made;
    }();
    return instance;
}

/// The ASCII letters a skeleton stands for, or "" when it is not made of them. The skeleton is
/// in NFD, so accents are marks of their own and are dropped ("ü" is "u").
std::u32string asciiLetters(const icu::UnicodeString& skeleton) {
    for (const auto& [ascii_skeleton, letter] : icu().ascii_skeletons) {
        if (skeleton == ascii_skeleton) {
            return std::u32string(1, letter);
        }
    }
    std::u32string letters;
    for (int32_t i = 0; i < skeleton.length(); i = skeleton.moveIndex32(i, 1)) {
        const UChar32 d = u_foldCase(skeleton.char32At(i), U_FOLD_CASE_DEFAULT);
        if (d >= 'a' && d <= 'z') {
            letters += static_cast<char32_t>(d);
        } else if ((U_GET_GC_MASK(d) & U_GC_M_MASK) == 0) {
            return {};
        }
    }
    return letters;
}

/// A letter outside ASCII and Hangul, already case-folded, by its confusable skeleton: Cyrillic
/// "а" and Greek "ο" are Latin "a" and "o". The capital is tried too, because some capitals
/// look Latin where their small letters do not (Cyrillic "Н" is "H", "н" is a small capital).
void appendSkeleton(char32_t c, Fold& fold) {
    const Icu& data = icu();
    const icu::UnicodeString skeleton = data.skeleton(icu::UnicodeString(static_cast<UChar32>(c)));
    std::u32string ascii = asciiLetters(skeleton);
    if (const UChar32 upper = u_toupper(static_cast<UChar32>(c));
        ascii.empty() && upper != static_cast<UChar32>(c)) {
        ascii = asciiLetters(data.skeleton(icu::UnicodeString(upper)));
    }
    if (!ascii.empty()) {
        fold.letters += ascii;
        return;
    }
    // No Latin look-alike: the letters of the skeleton, or the letter itself when its prototype
    // is not a letter (Cyrillic "б" looks like "6").
    const std::size_t before = fold.letters.size();
    for (int32_t i = 0; i < skeleton.length(); i = skeleton.moveIndex32(i, 1)) {
        const UChar32 d = u_foldCase(skeleton.char32At(i), U_FOLD_CASE_DEFAULT);
        if ((U_GET_GC_MASK(d) & U_GC_L_MASK) != 0) {
            fold.letters += static_cast<char32_t>(d);
        }
    }
    if (fold.letters.size() == before) {
        fold.letters += c;
    }
    for (std::size_t i = before; i < fold.letters.size(); ++i) {
        fold.spaced = fold.spaced && !isUnspacedScript(fold.letters[i]);
    }
}

Fold computeFold(char32_t c) {
    Fold fold;
    if (u_isUWhiteSpace(static_cast<UChar32>(c))) {
        fold.kind = Kind::kSpace;
        return fold;
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString folded =
        icu().nfkc_casefold->normalize(icu::UnicodeString(static_cast<UChar32>(c)), status);
    MASTHEAD_CHECK(U_SUCCESS(status), "NFKC_Casefold of valid UTF-16 cannot fail");
    int leet_count = 0;
    char32_t leet = 0;
    bool other = false;
    for (int32_t i = 0; i < folded.length(); i = folded.moveIndex32(i, 1)) {
        const auto d = static_cast<char32_t>(folded.char32At(i));
        if (d < 0x80) {
            Fold ascii;
            foldAscii(d, ascii);
            fold.digit = fold.digit || ascii.digit;
            if (ascii.kind == Kind::kLetters) {
                fold.letters += ascii.letters;
            } else if (ascii.kind == Kind::kLeet) {
                leet = ascii.letters[0];
                ++leet_count;
            } else {
                other = true;
            }
        } else if (isSyllable(d) || isConjoiningJamo(d)) {
            appendJamo(d, fold.letters);
            fold.spaced = false;
        } else {
            const std::uint32_t category = U_GET_GC_MASK(static_cast<UChar32>(d));
            if ((category & U_GC_L_MASK) != 0) {
                appendSkeleton(d, fold);
            } else if ((category & U_GC_M_MASK) == 0) {
                other = true;
                fold.digit = fold.digit || (category & U_GC_ND_MASK) != 0;
            }
        }
    }
    if (!fold.letters.empty()) {
        fold.kind = Kind::kLetters;
    } else if (leet_count == 1 && !other) {
        fold.kind = Kind::kLeet;
        fold.letters = std::u32string(1, leet);
    } else if (leet_count > 0 || other) {
        fold.kind = Kind::kSeparator;
    } else {
        fold.kind = Kind::kIgnorable;
    }
    return fold;
}

/// The fold of a code point outside ASCII and Hangul syllables. ICU's normaliser and skeleton
/// cost about a microsecond per code point, so each thread remembers what it has folded.
const Fold& foldOther(char32_t c) {
    constexpr std::size_t kMaxCached = 8192;
    thread_local std::unordered_map<char32_t, Fold> cache;
    if (const auto it = cache.find(c); it != cache.end()) {
        return it->second;
    }
    if (cache.size() >= kMaxCached) {
        cache.clear();
    }
    return cache.emplace(c, computeFold(c)).first->second;
}

/// Decides, word by word, which leetspeak characters are letters. A digit or "@"/"$" is a
/// letter when the nearest letter before or after it in its word is a Latin-like letter
/// ("sh1t", "a$$", "s.h.1.t"); digits additionally only when the word has at least as many
/// letters as digits, so "2026", "1980s" and "A55" stay numbers. A word that is a single such
/// character next to a word of a single letter ("s h 1 t") counts too. Everything else is a
/// separator: "시1발" is "시발".
void resolveLeet(std::vector<Item>& items, const std::vector<Span>& words) {
    const auto significant = [&items](const Span& word) -> int {
        int found = -1;
        for (std::uint32_t i = word.begin; i < word.end; ++i) {
            if (items[i].kind == Kind::kIgnorable) {
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
               items[static_cast<std::size_t>(single[w])].kind == Kind::kLetters &&
               items[static_cast<std::size_t>(single[w])].spaced;
    };
    for (std::size_t w = 0; w < words.size(); ++w) {
        const Span& word = words[w];
        if (single[w] >= 0 && items[static_cast<std::size_t>(single[w])].kind == Kind::kLeet) {
            Item& item = items[static_cast<std::size_t>(single[w])];
            const bool letter =
                (w > 0 && singleLetter(w - 1)) || (w + 1 < words.size() && singleLetter(w + 1));
            item.kind = letter ? Kind::kLetters : Kind::kSeparator;
            continue;
        }
        std::size_t letters = 0;
        std::size_t digits = 0;
        bool any_leet = false;
        for (std::uint32_t i = word.begin; i < word.end; ++i) {
            letters += items[i].kind == Kind::kLetters && items[i].spaced ? 1 : 0;
            digits += items[i].digit ? 1 : 0;
            any_leet = any_leet || items[i].kind == Kind::kLeet;
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
            if (items[i].kind == Kind::kLetters) {
                last = items[i].spaced;
            }
        }
        last = false;
        for (std::uint32_t i = word.end; i-- > word.begin;) {
            spaced_after[i - word.begin] = last;
            if (items[i].kind == Kind::kLetters) {
                last = items[i].spaced;
            }
        }
        for (std::uint32_t i = word.begin; i < word.end; ++i) {
            Item& item = items[i];
            if (item.kind != Kind::kLeet) {
                continue;
            }
            const bool beside_letter =
                spaced_before[i - word.begin] || spaced_after[i - word.begin];
            const bool letter = beside_letter && (!item.digit || digits <= letters);
            item.kind = letter ? Kind::kLetters : Kind::kSeparator;
        }
    }
}

Stream buildStream(std::string_view text) {
    std::vector<Item> items;
    std::u32string buffer;
    items.reserve(text.size());
    buffer.reserve(text.size() + text.size() / 2);
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto length = static_cast<std::int64_t>(text.size());
    std::int64_t at = 0;
    Fold ascii;
    while (at < length) {
        Item item;
        item.byte_begin = static_cast<std::uint32_t>(at);
        UChar32 decoded = 0;
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
        } else if (isSyllable(c) || (isConjoiningJamo(c) && c != 0x115F && c != 0x1160)) {
            item.kind = Kind::kLetters;
            item.spaced = false;
            appendJamo(c, buffer);
        } else {
            const Fold& fold = foldOther(c);
            item.kind = fold.kind;
            item.spaced = fold.spaced;
            item.digit = fold.digit;
            buffer += fold.letters;
        }
        item.letters_end = static_cast<std::uint32_t>(buffer.size());
        items.push_back(item);
    }

    std::vector<Span> words;
    for (std::uint32_t i = 0; i < items.size();) {
        if (items[i].kind == Kind::kSpace) {
            ++i;
            continue;
        }
        Span word{i, i};
        while (word.end < items.size() && items[word.end].kind != Kind::kSpace) {
            ++word.end;
        }
        words.push_back(word);
        i = word.end;
    }
    resolveLeet(items, words);

    Stream stream;
    stream.letters.reserve(buffer.size());
    stream.origin.reserve(buffer.size());
    std::vector<bool> word_spelled;
    for (const Span& word : words) {
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
            if (item.kind == Kind::kIgnorable) {
                continue;
            }
            if (item.kind != Kind::kLetters || item.letters_begin == item.letters_end) {
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
    for (const Span& word : stream.words) {
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
        const Span run{stream.words[w].begin, stream.words[last].end};
        std::size_t sources = 0;
        for (std::uint32_t i = run.begin; i < run.end; ++i) {
            sources +=
                i == run.begin || stream.origin[i].byte_begin != stream.origin[i - 1].byte_begin
                    ? 1
                    : 0;
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
        if (isModernChoseong(c) &&
            (i + 1 == stream.letters.size() || !isJungseong(stream.letters[i + 1]))) {
            stream.letters[i] = kStandaloneInitial[c - kChoseongFirst];
        }
    }
    return stream;
}

/// Anchored keys are found by their first two letters; a one-letter key uses an impossible
/// second letter.
constexpr std::uint64_t kNoSecondLetter = 0xFFFFFFFF;

std::uint64_t anchorOf(char32_t first, std::uint64_t second) {
    return (static_cast<std::uint64_t>(first) << 32) | second;
}

void addAnchored(WordIndex& index, std::u32string key, std::uint32_t rule, WordIndex::Reach reach) {
    const std::uint64_t anchor = anchorOf(key[0], key.size() > 1 ? key[1] : kNoSecondLetter);
    index.first_letters.set(key[0] % WordIndex::kFilterBits);
    index.has_one_letter_keys = index.has_one_letter_keys || key.size() == 1;
    index.anchored[anchor].push_back({std::move(key), rule, reach});
}

/// Initial consonants of a Hangul key of two or more syllables ("시발" → "ㅅㅂ"), or "" when
/// the key has fewer, contains other letters, or already is initial consonants.
std::u32string initialsOf(std::u32string_view key) {
    std::u32string initials;
    bool any_syllable = false;
    for (const char32_t c : key) {
        if (!isHangulLetter(c) || (isChoseong(c) && !isModernChoseong(c))) {
            return {};
        }
        if (isModernChoseong(c)) {
            initials += kStandaloneInitial[c - kChoseongFirst];
            any_syllable = true;
        } else if (isStandaloneInitial(c)) {
            initials += c;
        }
    }
    return any_syllable && initials.size() >= 2 ? initials : std::u32string();
}

struct Hit {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    std::uint32_t rule = 0;
};

}  // namespace

WordFilter::WordFilter(std::vector<WordRule> rules) : rules_(std::move(rules)) {
    auto index = std::make_shared<WordIndex>();
    for (std::size_t r = 0; r < rules_.size(); ++r) {
        const auto rule = static_cast<std::uint32_t>(r);
        Stream stream = buildStream(rules_[r].word);
        if (stream.letters.empty()) {
            continue;
        }
        const bool spaced = std::all_of(stream.origin.begin(), stream.origin.end(),
                                        [](const Origin& o) { return o.spaced; });
        if (!spaced) {
            if (std::u32string initials = initialsOf(stream.letters); !initials.empty()) {
                addAnchored(*index, std::move(initials), rule, WordIndex::Reach::kAnywhere);
            }
            addAnchored(*index, std::move(stream.letters), rule, WordIndex::Reach::kAnywhere);
            continue;
        }
        if (stream.words.size() > 1) {
            // A phrase ("kill yourself") matches whole words, however they are spaced.
            addAnchored(*index, std::move(stream.letters), rule, WordIndex::Reach::kWholeWords);
            continue;
        }
        std::size_t sources = 0;
        for (std::size_t i = 0; i < stream.origin.size(); ++i) {
            sources +=
                i == 0 || stream.origin[i].byte_begin != stream.origin[i - 1].byte_begin ? 1 : 0;
        }
        if (sources > kMaxShortLetters) {
            addAnchored(*index, std::move(stream.letters), rule, WordIndex::Reach::kWithinWord);
            continue;
        }
        index->whole_max_length = std::max(index->whole_max_length, stream.letters.size());
        index->whole[std::move(stream.letters)].push_back(rule);
    }
    index_ = std::move(index);
}

const std::vector<WordRule>& WordFilter::rules() const { return rules_; }

std::optional<WordMatch> WordFilter::check(std::string_view comment) const {
    if (!index_ || rules_.empty()) {
        return std::nullopt;
    }
    const WordIndex& index = *index_;
    const Stream stream = buildStream(comment);
    const std::u32string_view letters = stream.letters;
    std::optional<Hit> banned;
    std::optional<Hit> suspect;
    const auto consider = [&](std::uint32_t begin, std::uint32_t end, std::uint32_t rule) {
        std::optional<Hit>& best = rules_[rule].list == WordList::kBanned ? banned : suspect;
        if (!best || begin < best->begin || (begin == best->begin && rule < best->rule)) {
            best = Hit{begin, end, rule};
        }
    };

    if (!index.whole.empty()) {
        const auto lookUp = [&](std::uint32_t begin, std::uint32_t end) {
            if (end - begin > index.whole_max_length) {
                return;
            }
            if (const auto it = index.whole.find(letters.substr(begin, end - begin));
                it != index.whole.end()) {
                for (const std::uint32_t rule : it->second) {
                    consider(begin, end, rule);
                }
            }
        };
        for (const Span& word : stream.words) {
            lookUp(word.begin, word.end);
        }
        for (const Span& piece : stream.pieces) {
            lookUp(piece.begin, piece.end);
        }
        // Spelled-out letters: any run of up to kMaxShortLetters of them ("a f u c k").
        std::vector<std::uint32_t> starts;
        for (const Span& run : stream.spelled) {
            starts.clear();
            for (std::uint32_t i = run.begin; i < run.end; ++i) {
                if (i == run.begin ||
                    stream.origin[i].byte_begin != stream.origin[i - 1].byte_begin) {
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

    if (!index.anchored.empty()) {
        const auto size = static_cast<std::uint32_t>(letters.size());
        const auto tryKeys = [&](std::uint32_t at, std::uint64_t anchor) {
            const auto it = index.anchored.find(anchor);
            if (it == index.anchored.end()) {
                return;
            }
            for (const WordIndex::Anchored& key : it->second) {
                const auto end = static_cast<std::uint32_t>(at + key.key.size());
                if (end > size) {
                    continue;
                }
                bool fits = true;
                switch (key.reach) {
                    case WordIndex::Reach::kWithinWord:
                        fits = end <= stream.reach[at];
                        break;
                    case WordIndex::Reach::kWholeWords:
                        fits = (stream.edges[at] & kStartsWord) != 0 &&
                               (stream.edges[end - 1] & kEndsWord) != 0;
                        break;
                    case WordIndex::Reach::kAnywhere:
                        // Whole syllables only: "시" is not the start of "십".
                        fits = !isJungseong(key.key.back()) || end == size ||
                               !isJongseong(letters[end]);
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
            if (!index.first_letters.test(letters[at] % WordIndex::kFilterBits)) {
                continue;
            }
            if (at + 1 < size) {
                tryKeys(at, anchorOf(letters[at], letters[at + 1]));
            }
            if (index.has_one_letter_keys) {
                tryKeys(at, anchorOf(letters[at], kNoSecondLetter));
            }
        }
    }

    const std::optional<Hit>& hit = banned ? banned : suspect;
    if (!hit) {
        return std::nullopt;
    }
    const std::uint32_t byte_begin = stream.origin[hit->begin].byte_begin;
    const std::uint32_t byte_end = stream.origin[hit->end - 1].byte_end;
    return WordMatch{rules_[hit->rule],
                     std::string(comment.substr(byte_begin, byte_end - byte_begin)), byte_begin};
}

Result<std::string> checkRuleWord(std::string_view word) {
    // Far more than 40 characters can take, even with combining marks; keeps ICU's int32_t
    // lengths safe.
    constexpr std::size_t kMaxRuleBytes = 1024;
    if (word.size() > kMaxRuleBytes) {
        return fail(Error::invalidInput("The word is too long; the limit is " +
                                        std::to_string(kMaxRuleCharacters) + " characters."));
    }
    if (auto bad = text::firstInvalidUtf8(word)) {
        return fail(Error::invalidInput("The word is not valid UTF-8 text (byte " +
                                        std::to_string(*bad + 1) + ")."));
    }
    const std::string nfc_word = nfcTrimmed(word);
    if (nfc_word.empty()) {
        return fail(Error::invalidInput("The word is empty."));
    }
    const icu::UnicodeString trimmed = icu::UnicodeString::fromUTF8(nfc_word);
    for (int32_t i = 0; i < trimmed.length(); i = trimmed.moveIndex32(i, 1)) {
        const UChar32 c = trimmed.char32At(i);
        if (c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x85 || c == 0x2028 ||
            c == 0x2029) {
            return fail(Error::invalidInput("The word must be on one line."));
        }
        if (u_charType(c) == U_CONTROL_CHAR) {
            return fail(Error::invalidInput("The word contains an invisible control character."));
        }
    }
    const std::string& out = nfc_word;
    const std::size_t characters = graphemeCount(out);
    if (characters > kMaxRuleCharacters) {
        return fail(Error::invalidInput("The word is " + std::to_string(characters) +
                                        " characters long; the limit is " +
                                        std::to_string(kMaxRuleCharacters) + "."));
    }
    if (buildStream(out).letters.empty()) {
        return fail(Error::invalidInput("The word must contain at least one letter."));
    }
    return out;
}

std::string foldForMatching(std::string_view text) {
    const Stream stream = buildStream(text);
    icu::UnicodeString letters;
    for (const char32_t c : stream.letters) {
        letters.append(static_cast<UChar32>(c));
    }
    std::string out;
    letters.toUTF8String(out);
    return out;
}

}  // namespace masthead::comments
