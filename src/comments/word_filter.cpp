#include "comments/word_filter.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <utility>

#include "comments/comment_text.h"
#include "comments/letter_stream.h"
#include "comments/word_index.h"
#include "util/text.h"

namespace masthead::comments {
namespace {

constexpr std::size_t kMaxRuleCharacters = 40;

}  // namespace

WordFilter::WordFilter(std::vector<WordRule> rules)
    : rules_(std::move(rules)), index_(std::make_shared<const WordIndex>(rules_)) {}

const std::vector<WordRule>& WordFilter::rules() const { return rules_; }

std::optional<WordMatch> WordFilter::check(std::string_view comment) const {
    if (!index_ || rules_.empty()) {
        return std::nullopt;
    }
    const LetterStream stream = buildLetterStream(comment);
    const std::optional<WordIndex::Hit> hit = index_->find(stream);
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
    if (buildLetterStream(out).letters.empty()) {
        return fail(Error::invalidInput("The word must contain at least one letter."));
    }
    return out;
}

std::string foldForMatching(std::string_view text) {
    const LetterStream stream = buildLetterStream(text);
    icu::UnicodeString letters;
    for (const char32_t c : stream.letters) {
        letters.append(static_cast<UChar32>(c));
    }
    std::string out;
    letters.toUTF8String(out);
    return out;
}

}  // namespace masthead::comments
