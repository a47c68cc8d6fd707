#include "http/compression.h"

#include <zlib.h>

#include <array>

#include "util/check.h"

namespace masthead::http {

namespace {

/// A deflate stream kept for the thread's next gzip() at the same level: initialising one
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

z_stream& deflaterFor(int level) {
    MASTHEAD_CHECK(level >= 1 && level <= 9, "gzip levels are 1 to 9");
    thread_local std::array<Deflater, 10> deflaters;
    Deflater& d = deflaters[static_cast<std::size_t>(level)];
    if (!d.ready) {
        // windowBits 15 + 16 selects the gzip wrapper.
        MASTHEAD_CHECK(
            deflateInit2(&d.z, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) == Z_OK,
            "zlib initialises");
        d.ready = true;
    } else {
        MASTHEAD_CHECK(deflateReset(&d.z) == Z_OK, "zlib resets a stream");
    }
    return d.z;
}

}  // namespace

std::string gzip(std::string_view data, int level) {
    z_stream& z = deflaterFor(level);
    std::string out(deflateBound(&z, data.size()), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    MASTHEAD_CHECK(rc == Z_STREAM_END, "deflateBound leaves room for the whole stream");
    out.resize(z.total_out);
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
    char chunk[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(chunk);
        z.avail_out = sizeof chunk;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(chunk, sizeof chunk - z.avail_out);
        if (rc == Z_BUF_ERROR && z.avail_in == 0) {
            break;
        }
    }
    inflateEnd(&z);
    return rc == Z_STREAM_END ? out : std::string();
}

}  // namespace masthead::http
