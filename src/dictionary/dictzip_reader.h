#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "util/error.h"

namespace masthead::dictionary {

/// Random access to the text of a dictd database: a dictzip `.dict.dz` (gzip whose FEXTRA
/// field 'R','A' lists independently deflated chunks, see dictzip(1)) or a plain `.dict`.
/// A read inflates only the chunks it touches, and those only as far as it needs, keeping the
/// most recently used ones in a small cache. read() is safe to call from several threads at once
/// (pread, a mutex around the cache only).
class DictzipReader {
  public:
    struct Options {
        /// Inflated chunks kept (each is the chunk length, 58315 bytes for Debian's data).
        std::size_t cache_chunks = 64;
    };

    /// Opens FILE: a name ending in ".dz" must be a dictzip file, anything else is read as
    /// plain text. kUnavailable naming the file when it cannot be opened, is not gzip, has
    /// no 'RA' field, or is shorter than its chunk table says (truncated).
    [[nodiscard]] static Result<DictzipReader> open(const std::filesystem::path& file,
                                                    Options options);
    [[nodiscard]] static Result<DictzipReader> open(const std::filesystem::path& file) {
        return open(file, Options{});
    }

    DictzipReader(DictzipReader&& other) noexcept;
    DictzipReader& operator=(DictzipReader&& other) noexcept;
    DictzipReader(const DictzipReader&) = delete;
    DictzipReader& operator=(const DictzipReader&) = delete;
    ~DictzipReader();

    /// `length` bytes of the uncompressed text from `offset`. kInvalidInput naming the file
    /// when the range goes beyond the data; kUnavailable when the file cannot be read or a
    /// chunk does not inflate to its stated size.
    [[nodiscard]] Result<std::string> read(std::uint64_t offset, std::uint64_t length) const;

    /// Bytes of uncompressed text.
    [[nodiscard]] std::uint64_t size() const { return size_; }
    [[nodiscard]] bool compressed() const { return compressed_; }
    [[nodiscard]] std::size_t chunkCount() const {
        return chunk_starts_.empty() ? 0 : chunk_starts_.size() - 1;
    }
    [[nodiscard]] std::size_t chunkLength() const { return chunk_length_; }
    [[nodiscard]] const std::string& fileName() const { return file_; }

  private:
    struct Cache;
    DictzipReader() = default;

    /// At least the first `needed` bytes of chunk `index` inflated, from the cache or the file.
    [[nodiscard]] Result<std::shared_ptr<const std::string>> chunk(std::size_t index,
                                                                   std::size_t needed) const;
    [[nodiscard]] Result<std::string> readBytes(std::uint64_t file_offset, std::size_t count) const;

    int fd_ = -1;
    std::string file_;
    bool compressed_ = false;
    std::uint64_t size_ = 0;
    std::size_t chunk_length_ = 0;
    std::vector<std::uint64_t> chunk_starts_;  // file offset of each chunk, then of the end
    std::unique_ptr<Cache> cache_;
};

}  // namespace masthead::dictionary
