#include "util/file_bytes.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace masthead {
namespace {

struct OpenFile {
    int fd;
    std::size_t size;
};

/// Opens a regular file for reading; the caller closes the descriptor.
Result<OpenFile> openRegularFile(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return fail(Error::unavailable(std::strerror(errno)));
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        return fail(Error::unavailable("not a regular file"));
    }
    return OpenFile{fd, static_cast<std::size_t>(info.st_size)};
}

}  // namespace

Result<std::string> readWholeFile(const std::filesystem::path& file) {
    auto opened = openRegularFile(file);
    if (!opened) {
        return fail(opened.error());
    }
    const int fd = opened->fd;
    std::string bytes;
    bytes.resize(opened->size);
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            const std::string why = n < 0 ? std::strerror(errno) : "the file shrank while read";
            ::close(fd);
            return fail(Error::unavailable(why));
        }
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    return bytes;
}

std::size_t countLines(std::string_view text) {
    std::size_t lines = 0;
    const char* at = text.data();
    const char* const end = text.data() + text.size();
    while (at < end) {
        const void* newline = std::memchr(at, '\n', static_cast<std::size_t>(end - at));
        ++lines;
        at = newline == nullptr ? end : static_cast<const char*>(newline) + 1;
    }
    return lines;
}

Result<MappedFile> mapFile(const std::filesystem::path& file) {
    auto opened = openRegularFile(file);
    if (!opened) {
        return fail(opened.error());
    }
    const int fd = opened->fd;
    const std::size_t size = opened->size;
    if (size == 0) {
        ::close(fd);
        return MappedFile{std::make_shared<int>(0), {}};
    }
    void* address = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    const int mmap_errno = errno;
    ::close(fd);
    if (address == MAP_FAILED) {
        return fail(Error::unavailable(std::strerror(mmap_errno)));
    }
    std::shared_ptr<const void> owner(
        address, [size](const void* a) { ::munmap(const_cast<void*>(a), size); });
    return MappedFile{std::move(owner), {static_cast<const char*>(address), size}};
}

}  // namespace masthead
