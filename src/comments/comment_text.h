#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "util/error.h"

namespace masthead::comments {

/// The longest comment, in user-perceived characters.
inline constexpr std::size_t kMaxCommentCharacters = 250;

/// `utf8` (valid UTF-8) in NFC, without white space (Unicode's) at either end.
[[nodiscard]] std::string nfcTrimmed(std::string_view utf8);

/// A comment as readers typed it, made canonical: valid UTF-8 required (invalid input →
/// kInvalidInput), CR LF and CR turned into LF, NFC normalisation, white space trimmed at both
/// ends, more than one empty line in a row reduced to one. Control characters other than
/// line feed and tab are rejected (kRejected). The result may be empty.
[[nodiscard]] Result<std::string> normalizeComment(std::string_view raw);

/// User-perceived characters (extended grapheme clusters, ICU): "한글" is 2, a thumbs-up with
/// a skin tone is 1, "e" + combining acute is 1. The browser counts the same way with
/// Intl.Segmenter.
[[nodiscard]] std::size_t graphemeCount(std::string_view utf8);

/// The comment body that may be stored: normalised, not empty, at most `max_characters`.
/// Failures are kRejected with the reason a reader can act on.
[[nodiscard]] Result<std::string> checkCommentText(
    std::string_view raw, std::size_t max_characters = kMaxCommentCharacters);

/// Web addresses in a comment ("https://…", "http://…", "www.…").
[[nodiscard]] std::size_t linkCount(std::string_view body);

/// The body as HTML: escaped, line breaks kept as <br>, web addresses made links with
/// rel="nofollow ugc".
[[nodiscard]] std::string bodyHtml(std::string_view body);

}  // namespace masthead::comments
