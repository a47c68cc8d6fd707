#include "comments/letter_fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>

#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "comments/hangul_jamo.h"
#include "util/check.h"

namespace masthead::comments {
namespace {

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

    [[nodiscard]] icu::UnicodeString skeleton(const icu::UnicodeString& s) const {
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
            return {letter};
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
void appendSkeleton(char32_t c, LetterFold& fold) {
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

LetterFold computeFold(char32_t c) {
    LetterFold fold;
    if (u_isUWhiteSpace(static_cast<UChar32>(c))) {
        fold.kind = LetterKind::kSpace;
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
            LetterFold ascii;
            foldAscii(d, ascii);
            fold.digit = fold.digit || ascii.digit;
            if (ascii.kind == LetterKind::kLetters) {
                fold.letters += ascii.letters;
            } else if (ascii.kind == LetterKind::kLeet) {
                leet = ascii.letters[0];
                ++leet_count;
            } else {
                other = true;
            }
        } else if (hangul::isSyllable(d) || hangul::isConjoiningJamo(d)) {
            hangul::appendJamo(d, fold.letters);
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
        fold.kind = LetterKind::kLetters;
    } else if (leet_count == 1 && !other) {
        fold.kind = LetterKind::kLeet;
        fold.letters = std::u32string(1, leet);
    } else if (leet_count > 0 || other) {
        fold.kind = LetterKind::kSeparator;
    } else {
        fold.kind = LetterKind::kIgnorable;
    }
    return fold;
}

}  // namespace

const LetterFold& foldOther(char32_t c) {
    constexpr std::size_t kMaxCached = 8192;
    thread_local std::unordered_map<char32_t, LetterFold> cache;
    if (const auto it = cache.find(c); it != cache.end()) {
        return it->second;
    }
    if (cache.size() >= kMaxCached) {
        cache.clear();
    }
    return cache.emplace(c, computeFold(c)).first->second;
}

}  // namespace masthead::comments
