#include "http/compression.h"

#include <libdeflate.h>
#include <zlib.h>

#include <array>

#include "util/check.h"

namespace masthead::http {

namespace {

/// A deflate stream kept for the thread's next deflatePart() at the same level: initialising one
/// allocates and clears ~260 KB, which for a page made per request cost more than compressing it.
struct Deflater {
    z_stream z{};
    bool ready = false;
    Deflater() = default;
    Deflater(const Deflater&) = delete;
    Deflater& operator=(const Deflater&) = delete;
    ~Deflater() {
        if (ready) {
            deflateEnd(&z);
        }
    }
};

enum class Wrapper { kGzip, kRaw };

z_stream& deflaterFor(int level, Wrapper wrapper = Wrapper::kGzip) {
    MASTHEAD_CHECK(level >= 1 && level <= 9, "gzip levels are 1 to 9");
    thread_local std::array<std::array<Deflater, 10>, 2> deflaters;
    Deflater& d = deflaters[wrapper == Wrapper::kGzip ? 0 : 1][static_cast<std::size_t>(level)];
    if (!d.ready) {
        // windowBits 15 + 16 selects the gzip wrapper, -15 raw deflate data.
        const int window_bits = wrapper == Wrapper::kGzip ? 15 + 16 : -15;
        MASTHEAD_CHECK(
            deflateInit2(&d.z, level, Z_DEFLATED, window_bits, 9, Z_DEFAULT_STRATEGY) == Z_OK,
            "zlib initialises");
        d.ready = true;
    } else {
        MASTHEAD_CHECK(deflateReset(&d.z) == Z_OK, "zlib resets a stream");
    }
    return d.z;
}

}  // namespace

std::string gzip(std::string_view data, int level) {
    MASTHEAD_CHECK(level >= 1 && level <= 12, "libdeflate's levels are 1 to 12");
    // libdeflate compresses a whole buffer two to three times as fast as zlib at the same
    // level, and smaller (an 11 KB article page at level 1: 61 us and 3,597 bytes against
    // zlib's 162 us and 3,823). One compressor per level per thread: each is ~100 KB.
    struct Compressors {
        std::array<libdeflate_compressor*, 13> at{};
        Compressors() = default;
        Compressors(const Compressors&) = delete;
        Compressors& operator=(const Compressors&) = delete;
        ~Compressors() {
            for (libdeflate_compressor* c : at) {
                if (c != nullptr) {
                    libdeflate_free_compressor(c);
                }
            }
        }
    };
    thread_local Compressors compressors;
    libdeflate_compressor*& c = compressors.at[static_cast<std::size_t>(level)];
    if (c == nullptr) {
        c = libdeflate_alloc_compressor(level);
        MASTHEAD_CHECK(c != nullptr, "libdeflate allocates a compressor");
    }
    std::string out(libdeflate_gzip_compress_bound(c, data.size()), '\0');
    const std::size_t size =
        libdeflate_gzip_compress(c, data.data(), data.size(), out.data(), out.size());
    MASTHEAD_CHECK(size > 0, "the bound leaves room for the whole stream");
    out.resize(size);
    return out;
}

DeflatedPart deflatePart(std::string_view data, bool last, int level) {
    z_stream& z = deflaterFor(level, Wrapper::kRaw);
    DeflatedPart part;
    part.size = data.size();
    part.crc = static_cast<std::uint32_t>(
        crc32_z(0, reinterpret_cast<const Bytef*>(data.data()), data.size()));
    // A sync flush ends the part on a byte boundary with a non-final block, so the next part's
    // blocks may follow it; the last part ends with the final block.
    part.data.resize(deflateBound(&z, data.size()) + 16);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    std::size_t done = 0;
    while (true) {
        z.next_out = reinterpret_cast<Bytef*>(part.data.data() + done);
        z.avail_out = static_cast<uInt>(part.data.size() - done);
        const int rc = deflate(&z, last ? Z_FINISH : Z_SYNC_FLUSH);
        done = part.data.size() - z.avail_out;
        MASTHEAD_CHECK(rc == Z_OK || rc == Z_BUF_ERROR || rc == Z_STREAM_END,
                       "deflate accepts the part");
        // Room left after a sync flush means the flush is complete (zlib's manual).
        if (last ? rc == Z_STREAM_END : z.avail_out > 0) {
            break;
        }
        part.data.resize(part.data.size() * 2);
    }
    part.data.resize(done);
    return part;
}

std::string gzipJoin(std::initializer_list<const DeflatedPart*> parts) {
    // RFC 1952: the 10-byte header (deflate, no name, no time, OS unknown), the data, then
    // the CRC-32 and the length of the whole, little-endian.
    static constexpr std::array<char, 10> kHeader = {'\x1f', '\x8b', 8, 0, 0, 0, 0, 0, 0, '\xff'};
    std::size_t bytes = kHeader.size() + 8;
    for (const DeflatedPart* p : parts) {
        bytes += p->data.size();
    }
    std::string out;
    out.reserve(bytes);
    out.append(kHeader.data(), kHeader.size());
    uLong crc = 0;
    std::uint64_t size = 0;
    for (const DeflatedPart* p : parts) {
        out += p->data;
        crc = crc32_combine(crc, p->crc, static_cast<z_off_t>(p->size));
        size += p->size;
    }
    for (const std::uint64_t v : {std::uint64_t{crc}, size}) {
        for (int i = 0; i < 4; ++i) {
            out += static_cast<char>((v >> (8 * i)) & 0xff);
        }
    }
    return out;
}

std::string gunzip(std::string_view data) {
    z_stream z{};
    if (inflateInit2(&z, 15 + 16) != Z_OK) {
        return {};
    }
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    std::string out;
    std::array<char, 16384> chunk{};
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(chunk.data());
        z.avail_out = static_cast<uInt>(chunk.size());
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(chunk.data(), chunk.size() - z.avail_out);
        if (rc == Z_BUF_ERROR && z.avail_in == 0) {
            break;
        }
    }
    inflateEnd(&z);
    return rc == Z_STREAM_END ? out : std::string();
}

}  // namespace masthead::http
