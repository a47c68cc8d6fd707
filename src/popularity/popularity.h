#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "content/catalog.h"
#include "db/database.h"
#include "popularity/ranking.h"
#include "popularity/reader_keys.h"
#include "popularity/view_archive.h"
#include "popularity/view_filter.h"
#include "popularity/view_store.h"
#include "util/clock.h"
#include "util/published.h"

namespace masthead::popularity {

struct PopularityOptions {
    std::chrono::seconds half_life{2 * 3600};       ///< of the "popular now" decay
    std::chrono::seconds dedupe_window{30 * 60};    ///< one count per reader per article
    std::chrono::milliseconds archive_every{2000};  ///< reads written to the database
    std::chrono::milliseconds rank_every{5000};     ///< ranking snapshot recomputed
    std::size_t per_list = 20;                      ///< articles kept per ranked list
    /// How many leading articles of the "now" lists the pages show (the box's size plus one,
    /// for the article being read); the ranking's generation, which pages are cached with,
    /// moves only when these change.
    std::size_t shown = 6;
};

/// One view beacon, as the web layer parsed it.
struct ReadBeacon {
    std::int64_t article_id = 0;
    std::string_view reader_id{};  ///< the mh_rid cookie, or empty
    std::string_view ip{};
    BeaconHeaders headers{};
};

enum class ReadOutcome { kCounted, kDuplicate, kRejected };

/// "What readers read now": filters and counts read beacons in memory (ViewStore), archives
/// the counts to the database every archive_every in one transaction, and recomputes an
/// immutable RankingSnapshot every rank_every on its own thread. Thread-safe.
class Popularity {
  public:
    /// `archive_db` is a connection of its own, used only by tick() (the worker thread).
    Popularity(ViewStore& store, db::Database& archive_db, const content::Catalog& catalog,
               const Clock& clock, PopularityOptions options);
    ~Popularity();
    Popularity(const Popularity&) = delete;
    Popularity& operator=(const Popularity&) = delete;

    /// Loads the last week's archived reads and ranks them. Call once before serving.
    [[nodiscard]] Result<void> restore();

    /// Counts a read. kNotFound for an unknown or unpublished article, kUnavailable when the
    /// catalog cannot be read; kRejected (with the reason) for crawlers, prefetches and
    /// cross-site beacons.
    [[nodiscard]] Result<ReadOutcome> recordRead(const ReadBeacon& beacon,
                                                 std::optional<Rejection>* why = nullptr);

    /// The current ranking. Cheap on the hot path: each thread keeps its own reference and
    /// takes the shared one again only after a new snapshot was published.
    [[nodiscard]] std::shared_ptr<const RankingSnapshot> snapshot() const;

    /// Archives, expires and re-ranks now (what the worker does on its schedule). For tests
    /// and shutdown. Not concurrent with itself.
    [[nodiscard]] Result<void> archiveNow();
    void rankNow();

    /// The article was saved (the change log said so): what the lists show of it is read
    /// again at the next ranking, which comes at once when a list shows it now (an
    /// unpublished article leaves the boxes within the second).
    void articleChanged(std::int64_t article_id);
    /// Any article may have changed: everything the lists show is read again, at once.
    void forgetArticles();

    /// Starts/stops the worker thread. stop() archives what is left.
    void start();
    void stop();

  private:
    void run();
    void requestRank();

    /// What the lists show of each article that has reads (nullopt: not published), read
    /// from the catalog once per article and again after it changes. As bounded as the
    /// reads themselves (ViewStore).
    [[nodiscard]] PublishedArticles publishedOf(std::span<const ArticleStats> stats,
                                                std::span<const ArticleOverride> overrides);

    ViewStore& store_;
    ViewArchive archive_;
    const content::Catalog& catalog_;
    std::mutex teasers_mutex_;
    std::unordered_map<std::int64_t, std::optional<content::Teaser>> teasers_;
    std::unordered_set<std::int64_t> invalidated_;  ///< changed while a ranking read them
    bool invalidated_all_ = false;
    const Clock& clock_;
    PopularityOptions options_;
    ReaderKeys keys_;
    Published<RankingSnapshot> snapshot_;
    std::uint64_t generation_ = 0;
    std::int64_t pruned_hour_ = 0;

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool rank_requested_ = false;
    std::thread thread_;
};

}  // namespace masthead::popularity
