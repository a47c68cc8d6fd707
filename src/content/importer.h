#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "content/article_store.h"
#include "util/embedded.h"

namespace masthead::content {

/// What happened to one file of an import: the article's URL path, or the error.
struct ImportOutcome {
    std::string file;
    Result<std::string> path;
    bool unchanged = false;  ///< stored already from the same bytes: nothing was written
};

/// Counts of a whole import.
struct ImportSummary {
    std::size_t total = 0;      ///< files given
    std::size_t done = 0;       ///< files dealt with (the rest, after an interruption)
    std::size_t saved = 0;      ///< added or updated
    std::size_t unchanged = 0;  ///< skipped: stored already from the same bytes
    std::size_t failed = 0;
    bool interrupted = false;
    std::chrono::steady_clock::duration elapsed{};
};

/// Imports Markdown files with front matter (article_file.h). A bad file changes nothing and
/// the others still land. A file whose bytes were imported before (the same content hash on
/// the same slug) is skipped, so importing the same files again writes nothing.
class Importer {
  public:
    explicit Importer(ArticleStore& store) : store_(store) {}

    /// One file, in a transaction of its own.
    [[nodiscard]] ImportOutcome importFile(const std::filesystem::path& file);
    [[nodiscard]] ImportOutcome importBytes(std::string_view name, std::string_view bytes);
    [[nodiscard]] std::vector<ImportOutcome> importAll(std::span<const EmbeddedFile> files);

    struct BatchOptions {
        std::size_t batch = 500;  ///< files per transaction
        /// Asked between batches; true stops the import after committing what is done.
        std::function<bool()> stop = [] { return false; };
        /// Told of every file (in order) once its batch committed.
        std::function<void(const ImportOutcome&)> outcome = [](const ImportOutcome&) {};
        /// Told after each batch.
        std::function<void(const ImportSummary&)> progress = [](const ImportSummary&) {};
    };
    /// Many files, fast: a thread per core reads, parses and renders the next files while
    /// this one writes, `batch` files to a transaction, each file in a savepoint of its own (a bad
    /// one is left out, the batch goes on). A batch is committed whole or not at all, so a
    /// process killed at any moment leaves a consistent database, and a re-run skips what
    /// was committed.
    [[nodiscard]] ImportSummary importFiles(const std::vector<std::filesystem::path>& files,
                                            const BatchOptions& options);

    /// The content hash an import records: BLAKE2b-128 of the file's bytes, in hex.
    [[nodiscard]] static std::string contentHash(std::string_view bytes);

  private:
    struct Prepared;
    [[nodiscard]] static Prepared prepare(const std::filesystem::path& file);
    /// Renders the body and derives a missing summary: the Markdown work, off the writer.
    static void renderIn(Prepared& prepared);
    [[nodiscard]] ImportOutcome store(Prepared& prepared);

    ArticleStore& store_;
};

/// Every article file named: files as they are (a missing one fails when imported), and the
/// *.md files anywhere under a folder, in name order. kInvalidInput when a folder cannot be
/// read.
[[nodiscard]] Result<std::vector<std::filesystem::path>> articleFiles(
    const std::vector<std::filesystem::path>& paths);

}  // namespace masthead::content
