#pragma once

#include <string>
#include <string_view>

namespace masthead::http {

/// gzip (RFC 1952) of `data` with zlib, at best compression (level 9) unless told otherwise:
/// level 1 suits a page made for one request.
[[nodiscard]] std::string gzip(std::string_view data, int level = 9);

/// Inverse of gzip(); for tests. Returns "" on malformed input.
[[nodiscard]] std::string gunzip(std::string_view data);

}  // namespace masthead::http
