#include "content/importer.h"

#include <pthread.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "content/article_file.h"
#include "content/markdown.h"
#include "util/file_bytes.h"

namespace masthead::content {
namespace {

constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{4} * 1024 * 1024;

Result<std::string> readFile(const std::filesystem::path& file) {
    const std::string name = file.string();
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) {
        return fail(Error::invalidInput(name + ": cannot read: " + ec.message()));
    }
    if (size > kMaxFileBytes) {
        return fail(Error::invalidInput(name + ": larger than 4 MiB; is this an article?"));
    }
    auto bytes = readWholeFile(file);
    if (!bytes) {
        return fail(Error::invalidInput(name + ": cannot read: " + bytes.error().message));
    }
    return bytes;
}

}  // namespace

/// A file read, parsed, hashed and rendered: everything but the writing.
struct Importer::Prepared {
    std::string name;
    Result<ArticleFile> file = fail(Error::internal("not read"));
    std::string hash;
    std::string body_html;
};

void Importer::renderIn(Prepared& p) {
    ArticleInput& in = p.file->article;
    RenderedMarkdown rendered =
        renderWithSummary(in.body_markdown, ArticleStore::kDerivedSummaryBytes);
    p.body_html = std::move(rendered.html);
    if (in.summary.empty()) {
        in.summary = std::move(rendered.summary);
    }
}

std::string Importer::contentHash(std::string_view bytes) {
    [[maybe_unused]] static const int initialised = sodium_init();  // once; thread-safe
    std::array<unsigned char, 16> digest{};
    crypto_generichash(digest.data(), digest.size(),
                       reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), nullptr,
                       0);
    std::array<char, (digest.size() * 2) + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return hex.data();
}

Importer::Prepared Importer::prepare(const std::filesystem::path& file) {
    Prepared p;
    p.name = file.string();
    auto bytes = readFile(file);
    if (!bytes) {
        p.file = fail(bytes.error());
        return p;
    }
    p.file = parseArticleFile(p.name, *bytes);
    if (p.file) {
        p.hash = contentHash(*bytes);
        renderIn(p);
    }
    return p;
}

ImportOutcome Importer::store(Prepared& p) {
    if (!p.file) {
        return {p.name, fail(p.file.error())};
    }
    const ArticleInput& in = p.file->article;
    auto saved = store_.save(in, p.hash, std::move(p.body_html));
    if (!saved) {
        Error e = saved.error();
        // A clash of addresses is resolved by changing the slug: point at its line.
        const std::string where =
            e.code == ErrorCode::kConflict ? ":" + std::to_string(p.file->slug_line) + ": " : ": ";
        e.message = p.name + where + e.message;
        return {p.name, fail(std::move(e))};
    }
    return {p.name, saved->path(), saved->unchanged};
}

ImportOutcome Importer::importFile(const std::filesystem::path& file) {
    Prepared p = prepare(file);
    return store(p);
}

ImportOutcome Importer::importBytes(std::string_view name, std::string_view bytes) {
    Prepared p;
    p.name = std::string(name);
    p.file = parseArticleFile(name, bytes);
    if (p.file) {
        p.hash = contentHash(bytes);
        renderIn(p);
    }
    return store(p);
}

std::vector<ImportOutcome> Importer::importAll(std::span<const EmbeddedFile> files) {
    std::vector<ImportOutcome> out;
    for (const EmbeddedFile& f : files) {
        out.push_back(importBytes(f.path, f.bytes));
    }
    return out;
}

ImportSummary Importer::importFiles(const std::vector<std::filesystem::path>& files,
                                    const BatchOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    ImportSummary summary;
    summary.total = files.size();
    const std::size_t batch = std::max<std::size_t>(1, options.batch);

    // Readers claim files in order and put each in its slot of a window two batches wide;
    // the writer takes them in order, so outcomes come in the order of the files. Reading,
    // parsing and rendering cost more than writing, and a file not in the page cache stops
    // its reader for the disk: four per core keep the cores busy while some wait (100,000
    // files read from disk: 3,226 articles/s with one reader per core).
    const std::size_t window = 2 * batch;
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::optional<Prepared>> slots(window);
    std::size_t claimed = 0;
    std::size_t taken = 0;
    bool quit = false;
    const auto read = [&] {
        pthread_setname_np(pthread_self(), "import-read");  // names it in top and perf
        while (true) {
            std::size_t i = 0;
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] {
                    return quit || claimed >= files.size() || claimed < taken + window;
                });
                if (quit || claimed >= files.size()) {
                    return;
                }
                i = claimed++;
            }
            Prepared p = prepare(files[i]);
            const std::lock_guard lock(mutex);
            slots[i % window] = std::move(p);
            changed.notify_all();
        }
    };
    std::vector<std::jthread> readers;
    const std::size_t reader_count =
        std::clamp<std::size_t>(std::size_t{4} * std::thread::hardware_concurrency(), 4, 32);
    readers.reserve(reader_count);
    for (std::size_t r = 0; r < reader_count; ++r) {
        readers.emplace_back(read);
    }
    const auto take = [&]() -> Prepared {
        std::unique_lock lock(mutex);
        std::optional<Prepared>& slot = slots[taken % window];
        changed.wait(lock, [&] { return slot.has_value(); });
        Prepared p = std::move(*slot);
        slot.reset();
        ++taken;
        changed.notify_all();
        return p;
    };

    db::Database& db = store_.database();
    while (summary.done < files.size() && !options.stop()) {
        const std::size_t n = std::min(batch, files.size() - summary.done);
        std::vector<ImportOutcome> outcomes;
        outcomes.reserve(n);
        auto committed = db::inTransaction(db, [&](db::Database&) -> Result<void> {
            for (std::size_t i = 0; i < n; ++i) {
                Prepared p = take();
                outcomes.push_back(store(p));
            }
            return {};
        });
        for (ImportOutcome& o : outcomes) {
            if (!committed && o.path) {
                o.path = fail(Error(committed.error()));  // nothing of the batch was kept
                o.path.error().message = o.file + ": " + committed.error().message;
            }
            if (!o.path) {
                ++summary.failed;
            } else if (o.unchanged) {
                ++summary.unchanged;
            } else {
                ++summary.saved;
            }
            options.outcome(o);
        }
        summary.done += n;
        summary.elapsed = std::chrono::steady_clock::now() - started;
        options.progress(summary);
    }
    summary.interrupted = summary.done < files.size();
    {
        const std::lock_guard lock(mutex);
        quit = true;
    }
    changed.notify_all();
    readers.clear();  // joined
    summary.elapsed = std::chrono::steady_clock::now() - started;
    return summary;
}

Result<std::vector<std::filesystem::path>> articleFiles(
    const std::vector<std::filesystem::path>& paths) {
    std::vector<std::filesystem::path> out;
    for (const auto& path : paths) {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) {
            std::vector<std::filesystem::path> found;
            for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
                 !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
                if (it->is_regular_file() && it->path().extension() == ".md") {
                    found.push_back(it->path());
                }
            }
            if (ec) {
                return fail(Error::invalidInput(path.string() +
                                                ": cannot read the folder: " + ec.message()));
            }
            std::ranges::sort(found);
            out.insert(out.end(), std::make_move_iterator(found.begin()),
                       std::make_move_iterator(found.end()));
        } else {
            out.push_back(path);  // a file, or a missing one reported as that file's failure
        }
    }
    return out;
}

}  // namespace masthead::content
