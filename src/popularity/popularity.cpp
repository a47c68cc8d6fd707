#include "popularity/popularity.h"

#include <cstdio>

namespace masthead::popularity {

Popularity::Popularity(ViewStore& store, db::Database& archive_db, const content::Catalog& catalog,
                       const Clock& clock, PopularityOptions options)
    : store_(store),
      archive_(archive_db),
      catalog_(catalog),
      clock_(clock),
      options_(options),
      keys_(clock),
      snapshot_(std::make_shared<const RankingSnapshot>(
          std::map<RankingSnapshot::Key, std::vector<RankedArticle>>{}, 0, clock.nowSeconds())) {}

Popularity::~Popularity() { stop(); }

std::shared_ptr<const RankingSnapshot> Popularity::snapshot() const { return snapshot_.get(); }

Result<void> Popularity::restore() {
    const std::int64_t week_ago =
        (clock_.nowSeconds().time_since_epoch().count() / 60) - (std::int64_t{7} * 24 * 60);
    auto rows = archive_.since(week_ago);
    if (!rows) {
        return fail(rows.error());
    }
    store_.restore(*rows, clock_.nowSeconds());
    rankNow();
    return {};
}

Result<ReadOutcome> Popularity::recordRead(const ReadBeacon& beacon,
                                           std::optional<Rejection>* why) {
    if (auto rejected = rejectBeacon(beacon.headers)) {
        if (why != nullptr) {
            *why = rejected;
        }
        return ReadOutcome::kRejected;
    }
    auto article = catalog_.article(beacon.article_id);
    if (!article) {
        return fail(article.error());
    }
    if (*article == nullptr) {
        return fail(
            Error::notFound("no published article with id " + std::to_string(beacon.article_id)));
    }
    const std::uint64_t reader = ReaderKeys::isReaderId(beacon.reader_id)
                                     ? keys_.forReaderId(beacon.reader_id)
                                     : keys_.forAddress(beacon.ip, beacon.headers.user_agent);
    return store_.countOnce(reader, beacon.article_id, clock_.nowSeconds())
               ? ReadOutcome::kCounted
               : ReadOutcome::kDuplicate;
}

Result<void> Popularity::archiveNow() {
    const SysTime now = clock_.nowSeconds();
    store_.expire(now);
    const auto rows = store_.takeUnarchived();
    if (auto saved = archive_.save(rows); !saved) {
        store_.returnUnarchived(rows);  // try again next time; nothing is lost
        return fail(saved.error());
    }
    const std::int64_t hour = now.time_since_epoch().count() / 3600;
    if (hour != pruned_hour_) {
        pruned_hour_ = hour;
        if (auto pruned =
                archive_.prune(now.time_since_epoch().count() / 60 - (std::int64_t{8} * 24 * 60));
            !pruned) {
            return fail(pruned.error());
        }
    }
    return {};
}

void Popularity::rankNow() {
    const SysTime now = clock_.nowSeconds();
    const auto stats = store_.stats(now);
    auto overrides = archive_.overrides();
    if (!overrides) {
        std::fprintf(stderr, "masthead: popularity: cannot read pins: %s\n",
                     overrides.error().message.c_str());
        overrides.emplace();
    }
    const PublishedArticles published = publishedOf(stats, *overrides);
    auto lists = rank(stats, published, *catalog_.sections(), *overrides, options_.per_list);
    // Fresh counts always (the JSON API shows them); a new generation only when the lists
    // differ, so the pages cached with the box survive a ranking that changed nothing visible.
    const auto current = snapshot();
    RankingSnapshot candidate(std::move(lists), generation_ + 1, now);
    if (!(current && generation_ > 0 && candidate.sameOrder(*current, options_.shown))) {
        ++generation_;
    }
    snapshot_.publish(
        std::make_shared<const RankingSnapshot>(std::move(candidate).withGeneration(generation_)));
}

PublishedArticles Popularity::publishedOf(std::span<const ArticleStats> stats,
                                          std::span<const ArticleOverride> overrides) {
    std::unordered_map<std::int64_t, std::optional<content::Teaser>> known;
    {
        const std::lock_guard lock(teasers_mutex_);
        known.swap(teasers_);
    }
    std::unordered_map<std::int64_t, std::optional<content::Teaser>> kept;
    PublishedArticles published;
    const auto need = [&](std::int64_t id) {
        if (kept.contains(id)) {
            return;
        }
        std::optional<content::Teaser> teaser;
        if (auto it = known.find(id); it != known.end()) {
            teaser = std::move(it->second);
        } else {
            auto read = catalog_.teaser(id);
            if (!read) {
                return;  // not known this time; asked again at the next ranking
            }
            teaser = std::move(*read);
        }
        if (teaser) {
            published.emplace(id, *teaser);
        }
        kept.emplace(id, std::move(teaser));
    };
    for (const ArticleStats& s : stats) {
        need(s.article_id);
    }
    for (const ArticleOverride& o : overrides) {
        need(o.article_id);
    }
    const std::lock_guard lock(teasers_mutex_);
    // Changes that arrived while this ran erased entries from teasers_ (empty then, or holding
    // only their absence): those ids are read again next time.
    if (!invalidated_all_) {
        for (auto& [id, teaser] : kept) {
            if (!invalidated_.contains(id)) {
                teasers_.emplace(id, std::move(teaser));
            }
        }
    }
    invalidated_.clear();
    invalidated_all_ = false;
    return published;
}

void Popularity::articleChanged(std::int64_t article_id) {
    {
        const std::lock_guard lock(teasers_mutex_);
        teasers_.erase(article_id);
        invalidated_.insert(article_id);
    }
    if (snapshot()->lists(article_id)) {
        requestRank();
    }
}

void Popularity::forgetArticles() {
    {
        const std::lock_guard lock(teasers_mutex_);
        teasers_.clear();
        invalidated_all_ = true;
    }
    requestRank();
}

void Popularity::requestRank() {
    {
        const std::lock_guard lock(mutex_);
        rank_requested_ = true;
    }
    wake_.notify_all();
}

void Popularity::start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) {
        return;
    }
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void Popularity::stop() {
    {
        std::lock_guard lock(mutex_);
        if (!thread_.joinable()) {
            return;
        }
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
    if (auto r = archiveNow(); !r) {
        std::fprintf(stderr, "masthead: popularity: last archive failed: %s\n",
                     r.error().message.c_str());
    }
}

void Popularity::run() {
    using Clock = std::chrono::steady_clock;
    auto next_archive = Clock::now() + options_.archive_every;
    auto next_rank = Clock::now() + options_.rank_every;
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait_until(lock, std::min(next_archive, next_rank),
                         [this] { return stopping_ || rank_requested_; });
        if (stopping_) {
            break;
        }
        if (rank_requested_) {
            rank_requested_ = false;
            next_rank = Clock::now();
        }
        lock.unlock();
        const auto now = Clock::now();
        if (now >= next_archive) {
            if (auto r = archiveNow(); !r) {
                std::fprintf(stderr, "masthead: popularity: archive failed (will retry): %s\n",
                             r.error().message.c_str());
            }
            next_archive = now + options_.archive_every;
        }
        if (now >= next_rank) {
            rankNow();
            next_rank = now + options_.rank_every;
        }
        lock.lock();
    }
}

}  // namespace masthead::popularity
