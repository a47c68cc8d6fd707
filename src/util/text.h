#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace masthead::text {

/// Byte offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no
/// overlongs, no surrogates, nothing above U+10FFFF), or nullopt when all of `s` is valid.
[[nodiscard]] std::optional<std::size_t> firstInvalidUtf8(std::string_view s);

/// 1-based line number of byte offset `offset` in `s`.
[[nodiscard]] int lineOf(std::string_view s, std::size_t offset);

/// Escapes &, <, >, " and ' for HTML text and attribute values.
[[nodiscard]] std::string escapeHtml(std::string_view s);

/// Lowercase ASCII letters and digits joined by single hyphens: "China's U-turn" ->
/// "china-s-u-turn". Non-ASCII characters are dropped. May return "".
[[nodiscard]] std::string slugify(std::string_view s, std::size_t max_length = 80);

/// True when `s` is a non-empty slug made of [a-z0-9] runs joined by single hyphens.
[[nodiscard]] bool isSlug(std::string_view s);

/// Splits on `sep`, keeping empty parts.
[[nodiscard]] std::vector<std::string_view> split(std::string_view s, char sep);

[[nodiscard]] std::string_view trim(std::string_view s);

/// A whole number from 1 written in decimal digits only ("12"), as ids come in URLs and
/// forms; nullopt for anything else ("", "0", "-1", "1e3", " 1", overflow).
[[nodiscard]] std::optional<std::int64_t> positiveId(std::string_view s);

[[nodiscard]] std::string toLowerAscii(std::string_view s);

/// XXH3-64 of `s` as 16 lowercase hex digits: a stable content fingerprint for ETags and
/// asset names (not a cryptographic hash).
[[nodiscard]] std::string fingerprint(std::string_view s);

}  // namespace masthead::text
