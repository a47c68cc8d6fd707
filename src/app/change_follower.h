#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "content/catalog.h"
#include "db/change_log.h"
#include "db/database.h"
#include "dictionary/glossary.h"
#include "popularity/popularity.h"

namespace masthead::app {

/// What follows the change log on this server: the catalog (articles and lists), the
/// glossary, and "What's Popular Now". Any of the last two may be null.
struct Followers {
    content::Catalog& catalog;
    dictionary::Glossary* glossary = nullptr;
    popularity::Popularity* popularity = nullptr;
};

/// Keeps this server's caches in step with the database when anything changes it (another
/// process's `masthead import`, another server, this one): every `interval` it asks the
/// database whether anything was committed since (Database::changeMarker, one cheap query)
/// and, if so, reads the change log after the last entry it applied and applies each
/// change: an article saved drops that article and the lists it was or is on, a section
/// reloads the (small) tree, a glossary change reloads the glossary. A follower that fell
/// behind the log (more than `max_batch` changes waiting, or entries pruned) forgets
/// everything instead, which costs no more than the caches' size. Runs on its own thread with
/// its own connection, never on a request's path.
class ChangeFollower {
  public:
    static constexpr std::size_t kMaxBatch = 10'000;

    /// Starts following after the log's entry `after` (read before the followers loaded what
    /// they hold, so nothing committed meanwhile is missed). `db` is the follower's own
    /// connection.
    ChangeFollower(std::unique_ptr<db::Database> db, Followers followers, std::int64_t after,
                   std::chrono::milliseconds interval, std::size_t max_batch = kMaxBatch);
    ~ChangeFollower();
    ChangeFollower(const ChangeFollower&) = delete;
    ChangeFollower& operator=(const ChangeFollower&) = delete;

    /// Applies what the log holds now (what the thread does every interval). For tests; not
    /// concurrent with the thread, so construct with a long interval to call it.
    [[nodiscard]] Result<void> poll();

  private:
    void run();
    [[nodiscard]] Result<void> apply(const db::Change& change);
    [[nodiscard]] Result<void> forgetAll();

    std::unique_ptr<db::Database> db_;
    Followers followers_;
    std::chrono::milliseconds interval_;
    std::size_t max_batch_;
    std::int64_t last_seq_ = 0;
    std::optional<std::int64_t> marker_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace masthead::app
