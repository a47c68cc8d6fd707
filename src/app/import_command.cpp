// `masthead import`: many files fast, with a progress bar on a terminal and a clean stop on
// Ctrl-C (content::Importer::importFiles does the work).
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <string>

#include "app/commands.h"
#include "app/config.h"
#include "app/data_folder.h"
#include "content/importer.h"

namespace masthead::app {
namespace {

constexpr std::size_t kImportCacheBytes = 512U << 20U;

std::atomic<bool> interrupted{false};

extern "C" void onInterrupt(int /*signal*/) { interrupted.store(true); }

/// 1234567 -> "1,234,567"
std::string grouped(std::size_t n) {
    std::string digits = std::to_string(n);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
        digits.insert(static_cast<std::size_t>(i), ",");
    }
    return digits;
}

double seconds(std::chrono::steady_clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

std::string duration(double s) {
    const long long whole = std::llround(s);
    if (whole < 60) {
        return std::to_string(whole) + "s";
    }
    return std::to_string(whole / 60) + "m " + std::to_string(whole % 60) + "s";
}

/// "  12,500 / 1,000,000 [##------------------]  5,210/s  3m 10s left"
void drawProgress(const content::ImportSummary& s) {
    constexpr int kWidth = 24;
    const auto done = static_cast<double>(s.done);
    const auto total = static_cast<double>(s.total);
    const double fraction = s.total == 0 ? 1.0 : done / total;
    const int filled = static_cast<int>(fraction * kWidth);
    const double elapsed = seconds(s.elapsed);
    const double rate = elapsed > 0 ? done / elapsed : 0;
    const double left = rate > 0 ? (total - done) / rate : 0;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kWidth - filled), '-');
    std::fprintf(stderr, "\r\033[K%s / %s [%s] %s/s  %s left", grouped(s.done).c_str(),
                 grouped(s.total).c_str(), bar.c_str(),
                 grouped(static_cast<std::size_t>(rate)).c_str(), duration(left).c_str());
    std::fflush(stderr);
}

}  // namespace

int importFiles(const std::filesystem::path& data_dir,
                const std::vector<std::filesystem::path>& paths) {
    auto files = content::articleFiles(paths);
    if (!files) {
        std::fprintf(stderr, "masthead: import: %s\n", files.error().message.c_str());
        return 1;
    }
    bool created = false;
    // A page cache that holds the hot parts of the indexes every article goes into: at a
    // million articles the default's 2 MB halves the import's speed, and 256 MB costs a
    // sixth (4,533 against 5,435 articles/s).
    db::StorageOptions storage = storageOf(data_dir);
    storage.cache_bytes = kImportCacheBytes;
    storage.bulk_writes = true;
    auto db = openData(storage, created);
    if (!db) {
        std::fprintf(stderr, "masthead: %s\n", db.error().message.c_str());
        return 1;
    }
    content::ArticleStore store(**db);
    content::Importer importer(store);
    // Ctrl-C: the batch being written is committed (or, if the process is killed, rolled
    // back whole) and the import stops; running it again continues where it stopped.
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    struct sigaction previous_int {};
    struct sigaction previous_term {};
    sigaction(SIGINT, &action, &previous_int);
    sigaction(SIGTERM, &action, &previous_term);

    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    auto last_drawn = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    content::Importer::BatchOptions options;
    options.stop = [] { return interrupted.load(); };
    options.outcome = [&](const content::ImportOutcome& o) {
        if (o.path && !o.unchanged) {
            std::printf("%s\n", o.path->c_str());
        } else if (!o.path) {
            if (terminal) {
                std::fprintf(stderr, "\r\033[K");  // the bar is drawn again after the batch
            }
            const Error& e = o.path.error();
            if (e.detail.empty()) {
                std::fprintf(stderr, "%s\n", e.message.c_str());
            } else {
                std::fprintf(stderr, "%s (%s)\n", e.message.c_str(), e.detail.c_str());
            }
        }
    };
    options.progress = [&](const content::ImportSummary& s) {
        const auto now = std::chrono::steady_clock::now();
        if (terminal && now - last_drawn >= std::chrono::milliseconds(100)) {
            drawProgress(s);
            last_drawn = now;
        }
    };
    const content::ImportSummary s = importer.importFiles(*files, options);
    sigaction(SIGINT, &previous_int, nullptr);
    sigaction(SIGTERM, &previous_term, nullptr);
    std::fflush(stdout);
    if (terminal) {
        std::fprintf(stderr, "\r\033[K");
    }
    const double elapsed = seconds(s.elapsed);
    const std::string rate =
        elapsed > 0 ? grouped(static_cast<std::size_t>(static_cast<double>(s.done) / elapsed))
                    : std::string("-");
    std::fprintf(stderr,
                 "masthead: import: %s of %s files in %.1f s (%s/s): %s added or updated, %s "
                 "unchanged, %s failed%s\n",
                 grouped(s.done).c_str(), grouped(s.total).c_str(), elapsed, rate.c_str(),
                 grouped(s.saved).c_str(), grouped(s.unchanged).c_str(), grouped(s.failed).c_str(),
                 s.saved == 0 && s.failed == 0 && !s.interrupted ? "; nothing changed" : "");
    if (s.interrupted) {
        std::fprintf(stderr,
                     "masthead: import: interrupted; what was imported is kept, and the same "
                     "command continues from there\n");
        return 130;
    }
    return s.failed == 0 ? 0 : 1;
}

}  // namespace masthead::app
