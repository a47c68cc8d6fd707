#include "dictionary/dictzip_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>

namespace masthead::dictionary {
namespace {

// gzip header flags (RFC 1952).
constexpr unsigned kFlagHeaderCrc = 0x02;
constexpr unsigned kFlagExtra = 0x04;
constexpr unsigned kFlagName = 0x08;
constexpr unsigned kFlagComment = 0x10;
constexpr unsigned kFlagReserved = 0xE0;
constexpr std::size_t kGzipTrailer = 8;  // CRC32, ISIZE
// Room for the fixed header, the largest extra field and generous name and comment.
constexpr std::size_t kMaxHeader = 10 + 2 + 65535 + 2 * 4096 + 2;

unsigned le16(const std::string& s, std::size_t at) {
    return static_cast<unsigned char>(s[at]) |
           (static_cast<unsigned>(static_cast<unsigned char>(s[at + 1])) << 8U);
}

}  // namespace

/// The most recently used inflated chunks. A handful of slots scanned linearly: cheaper
/// than a list and a map at these sizes, and the lock is held only to find or swap a pointer.
struct DictzipReader::Cache {
    struct Slot {
        std::size_t chunk = 0;
        std::uint64_t used = 0;
        std::shared_ptr<const std::string> data;
    };
    explicit Cache(std::size_t slots_wanted) : capacity(slots_wanted) {}

    /// The chunk's cached bytes (perhaps fewer than needed: a prefix), or null.
    std::shared_ptr<const std::string> find(std::size_t chunk) {
        const std::lock_guard lock(mutex);
        for (Slot& slot : slots) {
            if (slot.chunk == chunk) {
                slot.used = ++tick;
                return slot.data;
            }
        }
        return nullptr;
    }
    void put(std::size_t chunk, std::shared_ptr<const std::string> data) {
        if (capacity == 0) {
            return;
        }
        const std::lock_guard lock(mutex);
        for (Slot& slot : slots) {
            if (slot.chunk == chunk) {
                // A longer prefix replaces a shorter one (another thread may have been first).
                if (slot.data->size() < data->size()) {
                    slot = {chunk, ++tick, std::move(data)};
                }
                return;
            }
        }
        if (slots.size() < capacity) {
            slots.push_back({chunk, ++tick, std::move(data)});
            return;
        }
        Slot& oldest = *std::ranges::min_element(slots, {}, &Slot::used);
        oldest = {chunk, ++tick, std::move(data)};
    }

    std::mutex mutex;
    std::size_t capacity;
    std::uint64_t tick = 0;
    std::vector<Slot> slots;
};

Result<DictzipReader> DictzipReader::open(const std::filesystem::path& file, Options options) {
    DictzipReader reader;
    reader.file_ = file.string();
    reader.cache_ = std::make_unique<Cache>(options.cache_chunks);
    auto broken = [&](std::string_view why) {
        return fail(Error::unavailable(reader.file_ + ": " + std::string(why)));
    };
    reader.fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (reader.fd_ < 0) {
        return broken(std::string("cannot open: ") + std::strerror(errno));
    }
    struct stat info {};
    if (::fstat(reader.fd_, &info) != 0 || !S_ISREG(info.st_mode)) {
        return broken("not a regular file");
    }
    const auto file_size = static_cast<std::uint64_t>(info.st_size);
    if (file.extension() != ".dz") {
        reader.size_ = file_size;
        return reader;
    }

    reader.compressed_ = true;
    auto header_read = reader.readBytes(
        0, static_cast<std::size_t>(std::min<std::uint64_t>(file_size, kMaxHeader)));
    if (!header_read) {
        return fail(header_read.error());
    }
    const std::string& header = *header_read;
    if (header.size() < 10 || static_cast<unsigned char>(header[0]) != 0x1F ||
        static_cast<unsigned char>(header[1]) != 0x8B) {
        return broken("not a gzip file");
    }
    if (header[2] != 8) {
        return broken("unknown gzip compression method");
    }
    const auto flags = static_cast<unsigned char>(header[3]);
    if ((flags & kFlagReserved) != 0) {
        return broken("reserved gzip flags set");
    }
    if ((flags & kFlagExtra) == 0) {
        return broken("no 'RA' field: gzip but not dictzip (compress it with dictzip)");
    }
    std::size_t pos = 10;
    if (header.size() < pos + 2) {
        return broken("truncated gzip header");
    }
    const std::size_t extra_length = le16(header, pos);
    pos += 2;
    if (header.size() < pos + extra_length) {
        return broken("truncated gzip header");
    }
    const std::size_t extra_end = pos + extra_length;
    bool found = false;
    std::vector<unsigned> chunk_sizes;
    while (pos + 4 <= extra_end) {
        const char id1 = header[pos];
        const char id2 = header[pos + 1];
        const std::size_t length = le16(header, pos + 2);
        pos += 4;
        if (pos + length > extra_end) {
            return broken("malformed gzip extra field");
        }
        if (id1 == 'R' && id2 == 'A' && !found) {
            if (length < 6) {
                return broken("malformed 'RA' field");
            }
            const unsigned version = le16(header, pos);
            reader.chunk_length_ = le16(header, pos + 2);
            const std::size_t count = le16(header, pos + 4);
            if (version != 1) {
                return broken("unknown dictzip version " + std::to_string(version));
            }
            if (length < 6 + 2 * count || reader.chunk_length_ == 0) {
                return broken("malformed 'RA' field");
            }
            for (std::size_t i = 0; i < count; ++i) {
                chunk_sizes.push_back(le16(header, pos + 6 + 2 * i));
            }
            found = true;
        }
        pos += length;
    }
    if (!found) {
        return broken("no 'RA' field: gzip but not dictzip (compress it with dictzip)");
    }
    pos = extra_end;
    for (unsigned flag : {kFlagName, kFlagComment}) {
        if ((flags & flag) != 0) {
            const std::size_t end = header.find('\0', pos);
            if (end == std::string::npos) {
                return broken("truncated gzip header");
            }
            pos = end + 1;
        }
    }
    if ((flags & kFlagHeaderCrc) != 0) {
        pos += 2;
    }
    std::uint64_t start = pos;
    for (unsigned compressed_size : chunk_sizes) {
        reader.chunk_starts_.push_back(start);
        start += compressed_size;
    }
    reader.chunk_starts_.push_back(start);
    if (start + kGzipTrailer > file_size) {
        return broken("truncated: the chunk table needs " + std::to_string(start + kGzipTrailer) +
                      " bytes, the file has " + std::to_string(file_size));
    }
    // ISIZE is the length modulo 2^32; the chunk count pins down the rest.
    auto trailer = reader.readBytes(file_size - 4, 4);
    if (!trailer) {
        return fail(trailer.error());
    }
    const std::uint64_t isize =
        le16(*trailer, 0) | (static_cast<std::uint64_t>(le16(*trailer, 2)) << 16U);
    const std::size_t count = chunk_sizes.size();
    if (count == 0) {
        if (isize != 0) {
            return broken("the gzip trailer does not match the empty chunk table");
        }
        return reader;
    }
    const std::uint64_t lowest = (count - 1) * reader.chunk_length_ + 1;
    const std::uint64_t highest = count * reader.chunk_length_;
    std::uint64_t total = isize;
    while (total < lowest) {
        total += std::uint64_t{1} << 32U;
    }
    if (total > highest) {
        return broken("the gzip trailer's size does not match the chunk table");
    }
    reader.size_ = total;
    return reader;
}

DictzipReader::DictzipReader(DictzipReader&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      file_(std::move(other.file_)),
      compressed_(other.compressed_),
      size_(other.size_),
      chunk_length_(other.chunk_length_),
      chunk_starts_(std::move(other.chunk_starts_)),
      cache_(std::move(other.cache_)) {}

DictzipReader& DictzipReader::operator=(DictzipReader&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        fd_ = std::exchange(other.fd_, -1);
        file_ = std::move(other.file_);
        compressed_ = other.compressed_;
        size_ = other.size_;
        chunk_length_ = other.chunk_length_;
        chunk_starts_ = std::move(other.chunk_starts_);
        cache_ = std::move(other.cache_);
    }
    return *this;
}

DictzipReader::~DictzipReader() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

Result<std::string> DictzipReader::readBytes(std::uint64_t file_offset, std::size_t count) const {
    std::string out(count, '\0');
    std::size_t done = 0;
    while (done < count) {
        const ssize_t n =
            ::pread(fd_, out.data() + done, count - done, static_cast<off_t>(file_offset + done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return fail(Error::unavailable(file_ + ": read failed: " + std::strerror(errno)));
        }
        if (n == 0) {
            return fail(Error::unavailable(file_ + ": truncated (" + std::to_string(count - done) +
                                           " bytes missing at offset " +
                                           std::to_string(file_offset + done) + ")"));
        }
        done += static_cast<std::size_t>(n);
    }
    return out;
}

Result<std::shared_ptr<const std::string>> DictzipReader::chunk(std::size_t index,
                                                                std::size_t needed) const {
    auto cached = cache_->find(index);
    if (cached && cached->size() >= needed) {
        return cached;
    }
    const std::uint64_t begin = chunk_starts_[index];
    auto compressed = readBytes(begin, static_cast<std::size_t>(chunk_starts_[index + 1] - begin));
    if (!compressed) {
        return fail(compressed.error());
    }
    const std::size_t full = index + 2 < chunk_starts_.size()
                                 ? chunk_length_
                                 : static_cast<std::size_t>(size_ - index * chunk_length_);
    // The first read of a chunk inflates only as far as it needs: an entry lies on average
    // mid-chunk, and inflating is what a cold read spends its time on. A later read that
    // needs more inflates all of it, so a chunk is inflated at most twice while cached.
    const std::size_t expected = cached ? full : std::min(full, std::max(needed, std::size_t{1}));
    auto inflated = std::make_shared<std::string>(expected, '\0');
    z_stream z{};
    if (inflateInit2(&z, -15) != Z_OK) {
        return fail(Error::internal("zlib inflateInit2 failed"));
    }
    z.next_in = reinterpret_cast<Bytef*>(compressed->data());
    z.avail_in = static_cast<uInt>(compressed->size());
    z.next_out = reinterpret_cast<Bytef*>(inflated->data());
    z.avail_out = static_cast<uInt>(expected);
    const int rc = inflate(&z, Z_SYNC_FLUSH);
    const std::size_t produced = z.total_out;
    inflateEnd(&z);
    if ((rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) || produced != expected) {
        return fail(Error::unavailable(file_ + ": chunk " + std::to_string(index) +
                                       " is corrupt (inflated " + std::to_string(produced) +
                                       " of " + std::to_string(expected) + " bytes)"));
    }
    std::shared_ptr<const std::string> done = std::move(inflated);
    cache_->put(index, done);
    return done;
}

Result<std::string> DictzipReader::read(std::uint64_t offset, std::uint64_t length) const {
    if (offset > size_ || length > size_ - offset) {
        return fail(Error::invalidInput(file_ + ": bytes " + std::to_string(offset) + "+" +
                                        std::to_string(length) + " are beyond the data (" +
                                        std::to_string(size_) + " bytes)"));
    }
    if (!compressed_) {
        return readBytes(offset, static_cast<std::size_t>(length));
    }
    std::string out;
    out.reserve(static_cast<std::size_t>(length));
    std::uint64_t at = offset;
    const std::uint64_t end = offset + length;
    while (at < end) {
        const auto index = static_cast<std::size_t>(at / chunk_length_);
        const std::uint64_t chunk_begin = static_cast<std::uint64_t>(index) * chunk_length_;
        auto data = chunk(index, static_cast<std::size_t>(
                                     std::min<std::uint64_t>(end - chunk_begin, chunk_length_)));
        if (!data) {
            return fail(data.error());
        }
        const auto from = static_cast<std::size_t>(at - chunk_begin);
        const std::size_t take =
            static_cast<std::size_t>(std::min<std::uint64_t>(end - at, (*data)->size() - from));
        out.append(**data, from, take);
        at += take;
    }
    return out;
}

}  // namespace masthead::dictionary
