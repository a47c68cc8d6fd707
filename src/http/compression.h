#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace masthead::http {

/// gzip (RFC 1952) of `data` with libdeflate, at level 9 unless told otherwise (1 to 12):
/// level 1 suits a page made for one request.
[[nodiscard]] std::string gzip(std::string_view data, int level = 9);

/// One part of a page compressed on its own, so that a page whose parts are compressed
/// separately (a cached shell around a reader's own section) is joined into one gzip member
/// without compressing the shell again: raw deflate data ending on a byte boundary (or with
/// the final block when `last`), and the part's CRC-32 and length.
struct DeflatedPart {
    std::string data;
    std::uint32_t crc = 0;
    std::size_t size = 0;
};
[[nodiscard]] DeflatedPart deflatePart(std::string_view data, bool last, int level = 9);

/// The gzip member of `parts` in order (the last made with last = true): header, the parts'
/// data, the CRC-32 and length of the whole. gunzip(gzipJoin({a, b})) is a's text + b's.
[[nodiscard]] std::string gzipJoin(std::initializer_list<const DeflatedPart*> parts);

/// Inverse of gzip(); for tests. Returns "" on malformed input.
[[nodiscard]] std::string gunzip(std::string_view data);

}  // namespace masthead::http
