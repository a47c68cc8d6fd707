#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "util/error.h"

namespace masthead {

/// The whole of FILE, read with one allocation of its exact size. kUnavailable with the
/// system's reason (the caller names the file).
[[nodiscard]] Result<std::string> readWholeFile(const std::filesystem::path& file);

/// Lines in `text` (a last line without a newline counts).
[[nodiscard]] std::size_t countLines(std::string_view text);

/// A read-only mapping of a whole file: `text` stays valid while `owner` (or a copy) lives.
struct MappedFile {
    std::shared_ptr<const void> owner;
    std::string_view text;
};

/// Maps FILE into memory (an empty file maps to empty text). kUnavailable with the system's
/// reason.
[[nodiscard]] Result<MappedFile> mapFile(const std::filesystem::path& file);

}  // namespace masthead
