#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "content/article_store.h"
#include "util/embedded.h"

namespace masthead::content {

/// What happened to one file of an import: the article's URL path, or the error.
struct ImportOutcome {
    std::string file;
    Result<std::string> path;
};

/// Imports Markdown files with front matter (article_file.h). Each file is parsed in full
/// and saved in its own transaction, so a bad file changes nothing and the others still land.
class Importer {
  public:
    explicit Importer(ArticleStore& store) : store_(store) {}

    [[nodiscard]] ImportOutcome importFile(const std::filesystem::path& file);
    [[nodiscard]] ImportOutcome importBytes(std::string_view name, std::string_view bytes);
    [[nodiscard]] std::vector<ImportOutcome> importAll(std::span<const EmbeddedFile> files);

  private:
    ArticleStore& store_;
};

}  // namespace masthead::content
