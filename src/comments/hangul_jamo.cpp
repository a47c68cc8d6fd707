#include "comments/hangul_jamo.h"

namespace masthead::comments::hangul {

std::u32string initialsOf(std::u32string_view key) {
    std::u32string initials;
    bool any_syllable = false;
    for (const char32_t c : key) {
        if (!isHangulLetter(c) || (isChoseong(c) && !isModernChoseong(c))) {
            return {};
        }
        if (isModernChoseong(c)) {
            initials += standaloneInitial(c);
            any_syllable = true;
        } else if (isStandaloneInitial(c)) {
            initials += c;
        }
    }
    return any_syllable && initials.size() >= 2 ? initials : std::u32string();
}

}  // namespace masthead::comments::hangul
