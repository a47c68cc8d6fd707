#pragma once

#include <array>
#include <string>
#include <string_view>

/// Hangul as the word filter compares it: syllables decomposed to conjoining jamo, and an
/// initial consonant that stands alone ("ㅅㅂ") written as a compatibility jamo, so that it
/// never equals the initial consonant of a full syllable. Syllables decompose arithmetically
/// (Unicode 15, section 3.12). The predicates are inline: the letter stream asks them of every
/// code point of a comment.
namespace masthead::comments::hangul {

inline constexpr char32_t kSyllableFirst = 0xAC00;
inline constexpr char32_t kSyllableLast = 0xD7A3;
inline constexpr char32_t kChoseongFirst = 0x1100;
inline constexpr char32_t kChoseongLastModern = 0x1112;
inline constexpr char32_t kJungseongFirst = 0x1161;
inline constexpr char32_t kJongseongBase = 0x11A7;
inline constexpr char32_t kJungseongCount = 21;
inline constexpr char32_t kJongseongCount = 28;
/// The fillers that pad an incomplete syllable: invisible to matching.
inline constexpr char32_t kChoseongFiller = 0x115F;
inline constexpr char32_t kJungseongFiller = 0x1160;

/// The compatibility jamo of each modern initial consonant (U+1100–U+1112), in order.
inline constexpr std::array<char32_t, 19> kStandaloneInitial = {
    0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141, 0x3142, 0x3143, 0x3145,
    0x3146, 0x3147, 0x3148, 0x3149, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E};

[[nodiscard]] constexpr bool isSyllable(char32_t c) {
    return c >= kSyllableFirst && c <= kSyllableLast;
}
[[nodiscard]] constexpr bool isConjoiningJamo(char32_t c) {
    return (c >= 0x1100 && c <= 0x11FF) || (c >= 0xA960 && c <= 0xA97F) ||
           (c >= 0xD7B0 && c <= 0xD7FF);
}
[[nodiscard]] constexpr bool isModernChoseong(char32_t c) {
    return c >= kChoseongFirst && c <= kChoseongLastModern;
}
[[nodiscard]] constexpr bool isChoseong(char32_t c) {
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0xA960 && c <= 0xA97F);
}
[[nodiscard]] constexpr bool isJungseong(char32_t c) {
    return (c >= 0x1160 && c <= 0x11A7) || (c >= 0xD7B0 && c <= 0xD7C6);
}
[[nodiscard]] constexpr bool isJongseong(char32_t c) {
    return (c >= 0x11A8 && c <= 0x11FF) || (c >= 0xD7CB && c <= 0xD7FB);
}
[[nodiscard]] constexpr bool isStandaloneInitial(char32_t c) { return c >= 0x3131 && c <= 0x314E; }
[[nodiscard]] constexpr bool isHangulLetter(char32_t c) {
    return isConjoiningJamo(c) || isStandaloneInitial(c);
}

/// The compatibility jamo of a modern initial consonant: "ᄉ" (U+1109) → "ㅅ" (U+3145).
/// `c` must satisfy isModernChoseong.
[[nodiscard]] constexpr char32_t standaloneInitial(char32_t c) {
    return kStandaloneInitial[c - kChoseongFirst];
}

/// Appends a syllable as its two or three conjoining jamo, or a conjoining jamo as itself;
/// the fillers append nothing.
inline void appendJamo(char32_t c, std::u32string& out) {
    if (!isSyllable(c)) {
        if (c != kChoseongFiller && c != kJungseongFiller) {
            out += c;
        }
        return;
    }
    const char32_t index = c - kSyllableFirst;
    out += static_cast<char32_t>(kChoseongFirst + index / (kJungseongCount * kJongseongCount));
    out += static_cast<char32_t>(kJungseongFirst +
                                 index % (kJungseongCount * kJongseongCount) / kJongseongCount);
    if (const char32_t final_index = index % kJongseongCount; final_index != 0) {
        out += kJongseongBase + final_index;
    }
}

/// The initial consonants of a Hangul key (in jamo), written alone: "시발" → "ㅅㅂ". "" when
/// that makes fewer than two, when the key contains other letters or old initial consonants,
/// or when it already is initial consonants written alone.
[[nodiscard]] std::u32string initialsOf(std::u32string_view key);

}  // namespace masthead::comments::hangul
