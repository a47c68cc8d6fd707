#include "comments/comment_text.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <memory>
#include <vector>

#include "util/check.h"
#include "util/text.h"

namespace masthead::comments {
namespace {

struct Link {
    std::size_t begin;
    std::size_t end;
};

bool startsWithAt(std::string_view s, std::size_t i, std::string_view prefix) {
    return s.size() - i >= prefix.size() &&
           text::toLowerAscii(s.substr(i, prefix.size())) == prefix;
}

bool isBoundary(std::string_view s, std::size_t i) {
    if (i == 0) {
        return true;
    }
    const auto c = static_cast<unsigned char>(s[i - 1]);
    return c == ' ' || c == '\n' || c == '\t' || c == '(' || c == '[' || c == '"' || c == '\'' ||
           c >= 0x80;
}

/// Where the web addresses are: from a scheme or "www." at a word start to the next white
/// space, less trailing punctuation that usually ends the sentence rather than the address.
std::vector<Link> findLinks(std::string_view s) {
    std::vector<Link> links;
    std::size_t i = 0;
    while (i < s.size()) {
        const bool start =
            isBoundary(s, i) && (startsWithAt(s, i, "https://") || startsWithAt(s, i, "http://") ||
                                 startsWithAt(s, i, "www."));
        if (!start) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < s.size()) {
            const auto c = static_cast<unsigned char>(s[end]);
            if (c <= ' ' || c == '<' || c == '>' || c == '"' || c >= 0x80) {
                break;
            }
            ++end;
        }
        while (end > i &&
               std::string_view(".,;:!?)]'").find(s[end - 1]) != std::string_view::npos) {
            --end;
        }
        const std::size_t scheme_end = s.find("//", i);
        const std::size_t min_length = startsWithAt(s, i, "www.") ? 5 : scheme_end + 3 - i;
        if (end - i >= min_length) {
            links.push_back({i, end});
            i = end;
        } else {
            ++i;
        }
    }
    return links;
}

}  // namespace

std::string nfcTrimmed(std::string_view utf8) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    MASTHEAD_CHECK(U_SUCCESS(status), "ICU's NFC data is built in");
    const icu::UnicodeString normalized =
        nfc->normalize(icu::UnicodeString::fromUTF8(
                           icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size()))),
                       status);
    MASTHEAD_CHECK(U_SUCCESS(status), "NFC of valid UTF-16 cannot fail");
    // Unicode's white space, including ideographic and no-break spaces.
    int32_t begin = 0;
    int32_t end = normalized.length();
    while (begin < end && u_isUWhiteSpace(normalized.char32At(begin))) {
        begin = normalized.moveIndex32(begin, 1);
    }
    while (end > begin) {
        const int32_t prev = normalized.moveIndex32(end, -1);
        if (!u_isUWhiteSpace(normalized.char32At(prev))) {
            break;
        }
        end = prev;
    }
    std::string out;
    normalized.tempSubStringBetween(begin, end).toUTF8String(out);
    return out;
}

Result<std::string> normalizeComment(std::string_view raw) {
    if (auto bad = text::firstInvalidUtf8(raw)) {
        return fail(Error::invalidInput("The comment is not valid UTF-8 text (byte " +
                                        std::to_string(*bad + 1) + ")."));
    }
    std::string unified;
    unified.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '\r') {
            unified += '\n';
            if (i + 1 < raw.size() && raw[i + 1] == '\n') {
                ++i;
            }
            continue;
        }
        unified += c;
    }
    std::string out = nfcTrimmed(unified);
    const icu::UnicodeString trimmed = icu::UnicodeString::fromUTF8(out);
    for (int32_t i = 0; i < trimmed.length(); i = trimmed.moveIndex32(i, 1)) {
        const UChar32 c = trimmed.char32At(i);
        const bool control = u_charType(c) == U_CONTROL_CHAR && c != '\n' && c != '\t';
        const bool format_bidi = c == 0x202E || c == 0x202D || (c >= 0x2066 && c <= 0x2069);
        if (control || format_bidi) {
            return fail(Error::rejected(
                "The comment contains an invisible control character; please type it again."));
        }
    }
    // At most one empty line between paragraphs.
    std::string compact;
    compact.reserve(out.size());
    int newlines = 0;
    for (char c : out) {
        newlines = c == '\n' ? newlines + 1 : 0;
        if (newlines <= 2) {
            compact += c;
        }
    }
    return compact;
}

std::size_t graphemeCount(std::string_view utf8) {
    UErrorCode status = U_ZERO_ERROR;
    // Creating a break iterator costs microseconds; one per thread is reused.
    thread_local std::unique_ptr<icu::BreakIterator> iterator(
        icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
    MASTHEAD_CHECK(iterator != nullptr && U_SUCCESS(status), "ICU's break rules are built in");
    const icu::UnicodeString s = icu::UnicodeString::fromUTF8(
        icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    iterator->setText(s);
    std::size_t count = 0;
    for (int32_t p = iterator->next(); p != icu::BreakIterator::DONE; p = iterator->next()) {
        ++count;
    }
    return count;
}

Result<std::string> checkCommentText(std::string_view raw, std::size_t max_characters) {
    auto body = normalizeComment(raw);
    if (!body) {
        return body;
    }
    if (body->empty()) {
        return fail(Error::rejected("The comment is empty. Write something before posting."));
    }
    const std::size_t count = graphemeCount(*body);
    if (count > max_characters) {
        return fail(Error::rejected("The comment is " + std::to_string(count) +
                                    " characters long; the limit is " +
                                    std::to_string(max_characters) + "."));
    }
    return body;
}

std::size_t linkCount(std::string_view body) { return findLinks(body).size(); }

std::string bodyHtml(std::string_view body) {
    std::string out;
    out.reserve(body.size() + body.size() / 4);
    const auto plain = [&out](std::string_view part) {
        std::size_t start = 0;
        for (std::size_t nl = part.find('\n'); nl != std::string_view::npos;
             nl = part.find('\n', start)) {
            out += text::escapeHtml(part.substr(start, nl - start));
            out += "<br>\n";
            start = nl + 1;
        }
        out += text::escapeHtml(part.substr(start));
    };
    std::size_t at = 0;
    for (const Link& link : findLinks(body)) {
        plain(body.substr(at, link.begin - at));
        const std::string_view address = body.substr(link.begin, link.end - link.begin);
        const std::string href = startsWithAt(body, link.begin, "www.")
                                     ? "https://" + std::string(address)
                                     : std::string(address);
        out += "<a href=\"" + text::escapeHtml(href) + R"(" rel="nofollow ugc">)" +
               text::escapeHtml(address) + "</a>";
        at = link.end;
    }
    plain(body.substr(at));
    return out;
}

}  // namespace masthead::comments
