#pragma once

#include <string>
#include <string_view>

namespace masthead::http {

/// gzip (RFC 1952) of `data` at best compression, with zlib.
[[nodiscard]] std::string gzip(std::string_view data);

/// Inverse of gzip(); for tests. Returns "" on malformed input.
[[nodiscard]] std::string gunzip(std::string_view data);

}  // namespace masthead::http
