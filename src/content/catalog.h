#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "content/article.h"
#include "content/section_tree.h"
#include "db/connection_pool.h"
#include "util/error.h"
#include "util/lru_cache.h"
#include "util/published.h"

namespace masthead::content {

struct CatalogOptions {
    /// Bytes of articles kept read (bodies included); the rest is one indexed read away.
    std::size_t article_cache_bytes = 32U << 20U;
    /// A front deeper than this many stories is paged from marks: the key of every this-many-th
    /// story, read in one pass over the front's index after it changes, so page N starts
    /// from the nearest mark instead of stepping over N pages of index entries.
    std::size_t mark_every = 100;
};

/// What readers can see, read through from the database: the section tree whole in memory
/// (it is small), articles in a byte-bounded cache, fronts as index ranges of the store. So
/// memory follows the settings and start-up reads the sections only, however large the
/// archive. A change reported by the change log (articleChanged) drops that article and
/// moves the versions of the lists it was or is on; nothing else is read again.
/// Thread-safe; reads take a pooled connection only on a miss (the caches are mutable: a
/// read is logically const).
class Catalog {
  public:
    explicit Catalog(db::ConnectionPool& pool, CatalogOptions options = {});
    Catalog(const Catalog&) = delete;
    Catalog& operator=(const Catalog&) = delete;

    /// Reads the section tree again (at start, and when the change log says it changed).
    [[nodiscard]] Result<void> loadSections();

    /// The current section tree. Cheap on the hot path: each thread keeps its own reference
    /// and takes the shared one again only after a new tree was published.
    [[nodiscard]] std::shared_ptr<const SectionTree> sections() const;

    /// The published article at `path` ("/opinion/editorials/slug"); null when there is
    /// none (a section's path, an unknown or unpublished article).
    [[nodiscard]] Result<std::shared_ptr<const Article>> articleAt(const SectionTree& tree,
                                                                   std::string_view path) const;
    /// The published article with this slug, wherever it is filed; null when there is none.
    [[nodiscard]] Result<std::shared_ptr<const Article>> articleBySlug(std::string_view slug) const;
    /// The published article with this id; null when there is none.
    [[nodiscard]] Result<std::shared_ptr<const Article>> article(std::int64_t id) const;

    /// What lists show of the published article with this id: from the article cache, or
    /// read without its body (and not cached: the caller keeps what it needs).
    [[nodiscard]] Result<std::optional<Teaser>> teaser(std::int64_t id) const;

    /// A front's stories, newest first (section 0: the whole site): `limit` of them after
    /// skipping `offset` (past `mark_every`, counted from the nearest mark), or just after
    /// (older than) or just before (newer than) `key`.
    [[nodiscard]] Result<std::vector<Teaser>> listed(std::int64_t section_id, std::size_t offset,
                                                     std::size_t limit) const;
    [[nodiscard]] Result<std::vector<Teaser>> listedAfter(std::int64_t section_id,
                                                          const ListKey& key,
                                                          std::size_t limit) const;
    [[nodiscard]] Result<std::vector<Teaser>> listedBefore(std::int64_t section_id,
                                                           const ListKey& key,
                                                           std::size_t limit) const;
    /// How many stories the section's front lists; kept per list version, so a cached front
    /// costs no query.
    [[nodiscard]] Result<std::size_t> listedCount(std::int64_t section_id) const;

    /// Moves whenever a story is added to, changed on or taken off the section's front
    /// (section 0: the site-wide list the home page leads with). Fronts key on it.
    [[nodiscard]] std::uint64_t listVersion(std::int64_t section_id) const;

    /// The change log said the article was saved: it was filed under `old_section` (0: new)
    /// and now under `new_section`. Drops the article from the cache and moves the versions
    /// of every front that listed it before or lists it now, and of the site-wide list.
    void articleChanged(std::int64_t article_id, std::int64_t old_section,
                        std::int64_t new_section);
    /// Forgets every article and moves every list's version (a follower that fell behind the
    /// change log), then reads the section tree again.
    [[nodiscard]] Result<void> forgetAll();

    [[nodiscard]] CacheStats articleCacheStats() const { return articles_.stats(); }
    /// How many articles were read from the database (each cache miss reads one).
    [[nodiscard]] std::uint64_t articlesRead() const {
        return articles_read_.load(std::memory_order_relaxed);
    }

  private:
    using ArticlePtr = std::shared_ptr<const Article>;
    /// Keeps a loaded article unless a change arrived since `epoch` (it may be stale).
    void keep(const ArticlePtr& article, std::uint64_t epoch) const;
    void bump(std::int64_t section_id);

    db::ConnectionPool& pool_;
    mutable LruCache<std::int64_t, ArticlePtr> articles_;
    /// Slugs of articles recently looked up by address, to their ids.
    mutable LruCache<std::string, std::int64_t, StringKeyHash> ids_by_slug_;
    /// Moves with every change applied: a read that started before a change must not put
    /// what it read into the cache.
    std::atomic<std::uint64_t> epoch_{0};
    mutable std::atomic<std::uint64_t> articles_read_{0};

    Published<SectionTree> sections_;

    /// The marks of a front at this version (see CatalogOptions::mark_every): null when not
    /// read at this version.
    [[nodiscard]] Result<std::shared_ptr<const std::vector<ListKey>>> marks(
        std::int64_t section_id) const;
    struct ListState {
        std::uint64_t version = 1;
        std::int64_t count = -1;                            ///< -1: not read at this version
        std::shared_ptr<const std::vector<ListKey>> marks;  ///< null: not read at this version
    };
    std::size_t mark_every_;
    mutable std::mutex lists_mutex_;
    mutable std::unordered_map<std::int64_t, ListState> lists_;
    std::uint64_t all_lists_version_ = 1;  ///< added to every list's version by forgetAll()
};

}  // namespace masthead::content
