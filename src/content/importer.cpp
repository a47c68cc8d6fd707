#include "content/importer.h"

#include <fstream>
#include <sstream>

#include "content/article_file.h"

namespace masthead::content {
namespace {

constexpr std::uintmax_t kMaxFileBytes = 4 * 1024 * 1024;

}  // namespace

ImportOutcome Importer::importFile(const std::filesystem::path& file) {
    const std::string name = file.string();
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) {
        return {name, fail(Error::invalidInput(name + ": cannot read: " + ec.message()))};
    }
    if (size > kMaxFileBytes) {
        return {name, fail(Error::invalidInput(name + ": larger than 4 MiB; is this an article?"))};
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) {
        return {name, fail(Error::invalidInput(name + ": cannot read"))};
    }
    return importBytes(name, bytes.str());
}

ImportOutcome Importer::importBytes(std::string_view name, std::string_view bytes) {
    auto file = parseArticleFile(name, bytes);
    if (!file) {
        return {std::string(name), fail(file.error())};
    }
    auto saved = store_.save(file->article);
    if (!saved) {
        Error e = saved.error();
        // A clash of addresses is resolved by changing the slug: point at its line.
        const std::string where =
            e.code == ErrorCode::kConflict ? ":" + std::to_string(file->slug_line) + ": " : ": ";
        e.message = std::string(name) + where + e.message;
        return {std::string(name), fail(std::move(e))};
    }
    return {std::string(name), saved->path()};
}

std::vector<ImportOutcome> Importer::importAll(std::span<const EmbeddedFile> files) {
    std::vector<ImportOutcome> out;
    for (const EmbeddedFile& f : files) {
        out.push_back(importBytes(f.path, f.bytes));
    }
    return out;
}

}  // namespace masthead::content
