#include "popularity/popularity.h"

#include <gtest/gtest.h>

#include <array>
#include <thread>

#include "content/article_store.h"
#include "content/test_support.h"
#include "popularity/memory_view_store.h"
#include "util/time_format.h"

namespace masthead::popularity {
namespace {

using namespace std::chrono_literals;

const BeaconHeaders kBrowser{.user_agent =
                                 "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, "
                                 "like Gecko) Chrome/156.0 Safari/537.36",
                             .host = "news.example"};

TEST(ViewFilter, DropsCrawlersPrefetchesAndOtherSites) {
    EXPECT_FALSE(rejectBeacon(kBrowser));
    BeaconHeaders h = kBrowser;
    h.user_agent = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    EXPECT_EQ(rejectBeacon(h), Rejection::kCrawler);
    h.user_agent = "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/156.0 Safari/537.36";
    EXPECT_EQ(rejectBeacon(h), Rejection::kCrawler);
    h.user_agent = "curl/7.88.1";
    EXPECT_EQ(rejectBeacon(h), Rejection::kCrawler);
    h.user_agent = "";
    EXPECT_EQ(rejectBeacon(h), Rejection::kNoUserAgent);
    h = kBrowser;
    h.sec_purpose = "prefetch;prerender";
    EXPECT_EQ(rejectBeacon(h), Rejection::kPrefetch);
    h = kBrowser;
    h.sec_fetch_site = "cross-site";
    EXPECT_EQ(rejectBeacon(h), Rejection::kCrossSite);
    h = kBrowser;
    h.origin = "https://elsewhere.example";
    EXPECT_EQ(rejectBeacon(h), Rejection::kCrossSite);
    h.origin = "https://news.example";
    EXPECT_FALSE(rejectBeacon(h));
}

TEST(ReaderKeys, IdsAndAddressesGiveStableDistinctKeys) {
    FakeClock clock(std::chrono::sys_days{std::chrono::November / 20 / 2026} + 10h);
    ReaderKeys keys(clock);
    EXPECT_TRUE(ReaderKeys::isReaderId("0123456789abcdef0123456789abcdef"));
    EXPECT_FALSE(ReaderKeys::isReaderId("0123456789ABCDEF0123456789abcdef"));
    EXPECT_FALSE(ReaderKeys::isReaderId("short"));
    const auto a = keys.forAddress("203.0.113.7", "Firefox");
    EXPECT_EQ(keys.forAddress("203.0.113.7", "Firefox"), a);
    EXPECT_NE(keys.forAddress("203.0.113.8", "Firefox"), a);
    EXPECT_NE(keys.forAddress("203.0.113.7", "Chrome"), a);
    clock.advance(24h);  // a new day, a new key: yesterday's keys are gone
    EXPECT_NE(keys.forAddress("203.0.113.7", "Firefox"), a);
    EXPECT_EQ(keys.forReaderId("0123456789abcdef0123456789abcdef"),
              keys.forReaderId("0123456789abcdef0123456789abcdef"));
}

TEST(MemoryViewStore, CountsOncePerReaderPerWindow) {
    MemoryViewStore store(2h, 30min);
    const SysTime t0 = *parseRfc3339("2026-11-20T01:00:00Z");
    EXPECT_TRUE(store.countOnce(1, 10, t0));
    EXPECT_FALSE(store.countOnce(1, 10, t0 + 29min));
    EXPECT_TRUE(store.countOnce(2, 10, t0 + 1min));
    EXPECT_TRUE(store.countOnce(1, 11, t0 + 2min));
    EXPECT_TRUE(store.countOnce(1, 10, t0 + 30min));  // the window has passed
    const auto stats = store.stats(t0 + 31min);
    ASSERT_EQ(stats.size(), 2U);
    for (const ArticleStats& s : stats) {
        EXPECT_EQ(s.views_1h, s.article_id == 10 ? 3U : 1U);
    }
}

TEST(MemoryViewStore, WindowsAndDecay) {
    MemoryViewStore store(2h, 30min);
    const SysTime t0 = *parseRfc3339("2026-11-20T00:00:00Z");
    for (std::uint64_t reader = 0; reader < 8; ++reader) {
        ASSERT_TRUE(store.countOnce(reader, 1, t0));
    }
    auto at = [&](std::chrono::seconds later) { return store.stats(t0 + later).front(); };
    EXPECT_EQ(at(0s).views_1h, 8U);
    EXPECT_DOUBLE_EQ(at(0s).decayed, 8.0);
    EXPECT_NEAR(at(2h).decayed, 4.0, 1e-9);  // one half-life
    EXPECT_EQ(at(2h).views_1h, 0U);
    EXPECT_EQ(at(2h).views_24h, 8U);
    EXPECT_EQ(at(30h).views_24h, 0U);
    EXPECT_EQ(at(30h).views_48h, 8U);
    EXPECT_EQ(at(72h).views_7d, 8U);
    EXPECT_EQ(at(72h).views_48h, 0U);
    EXPECT_GT(at(47h).decayed, 0.0);
    EXPECT_EQ(at(72h).decayed, 0.0);  // "now" counts the last 48 hours only
}

TEST(MemoryViewStore, ArchivedRowsAreTakenOnceAndRestoreRebuildsTheCounts) {
    MemoryViewStore store(2h, 30min);
    const SysTime t0 = *parseRfc3339("2026-11-20T00:00:30Z");
    ASSERT_TRUE(store.countOnce(1, 7, t0));
    ASSERT_TRUE(store.countOnce(2, 7, t0));
    const auto rows = store.takeUnarchived();
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0].views, 2);
    EXPECT_TRUE(store.takeUnarchived().empty());

    MemoryViewStore restarted(2h, 30min);
    restarted.restore(rows, t0 + 1min);
    const auto stats = restarted.stats(t0 + 1min);
    ASSERT_EQ(stats.size(), 1U);
    EXPECT_EQ(stats[0].views_1h, 2U);
    EXPECT_TRUE(restarted.takeUnarchived().empty());  // restored reads are already archived
}

TEST(MemoryViewStore, ConcurrentReadersLoseNoCount) {
    MemoryViewStore store(2h, 30min);
    const SysTime t0 = *parseRfc3339("2026-11-20T00:00:00Z");
    constexpr int kThreads = 8;
    constexpr int kPerThread = 2000;
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&store, t0, t] {
            for (int i = 0; i < kPerThread; ++i) {
                const auto reader = (static_cast<std::uint64_t>(t) * kPerThread) + i;
                (void)store.countOnce(reader, 1 + i % 4, t0);
            }
        });
    }
    for (auto& th : threads) {
        th.join();
    }
    std::uint64_t total = 0;
    for (const ArticleStats& s : store.stats(t0)) {
        total += s.views_1h;
    }
    EXPECT_EQ(total, static_cast<std::uint64_t>(kThreads * kPerThread));
    std::int64_t archived = 0;
    for (const MinuteViews& r : store.takeUnarchived()) {
        archived += r.views;
    }
    EXPECT_EQ(archived, kThreads * kPerThread);
}

/// Popularity end to end on a real SQLite file, with a fake clock.
class PopularityTest : public content::DatabaseTest {
  protected:
    void SetUp() override {
        content::DatabaseTest::SetUp();
        content::ArticleStore store(*db_);
        const std::array<const char*, 3> published = {
            "2026-11-20T08:00:00+09:00", "2026-11-20T09:00:00+09:00", "2026-11-20T10:00:00+09:00"};
        for (int i = 0; i < 3; ++i) {
            content::ArticleInput in;
            in.slug = "story-" + std::to_string(i);
            in.section_names = {i == 0 ? "National" : "Business"};
            in.headline = "Story " + std::to_string(i);
            in.body_markdown = "Text.\n";
            in.published_at = *parseRfc3339(published[i]);
            auto saved = store.save(in);
            ASSERT_TRUE(saved);
            ids_.push_back(saved->article.id);
        }
    }

    std::unique_ptr<Popularity> make(ViewStore& store) {
        return std::make_unique<Popularity>(store, *db_, catalog(), clock_, PopularityOptions{});
    }

    /// `n` distinct readers read `article`.
    void readers(Popularity& p, std::int64_t article, int n, int first_reader = 0) {
        for (int r = first_reader; r < first_reader + n; ++r) {
            std::array<char, 33> id{};
            std::snprintf(id.data(), id.size(), "%032x", r);
            auto outcome =
                p.recordRead({.article_id = article, .reader_id = id.data(), .headers = kBrowser});
            ASSERT_TRUE(outcome);
        }
    }

    std::vector<std::int64_t> order(const Popularity& p, std::int64_t section, Window w) {
        std::vector<std::int64_t> out;
        for (const RankedArticle& r : p.snapshot()->top(section, w)) {
            out.push_back(r.article_id);
        }
        return out;
    }

    FakeClock clock_{*parseRfc3339("2026-11-21T00:00:00Z")};
    std::vector<std::int64_t> ids_;
};

TEST_P(PopularityTest, ABurstLeadsThenDecaysBelowSteadierArticles) {
    MemoryViewStore store(2h, 30min);
    auto p = make(store);
    // Story 0 is read steadily: 3 new readers every hour for 12 hours.
    // Story 1 gets a burst of 20 readers at the start, then nothing.
    readers(*p, ids_[1], 20, 1000);
    int next = 0;
    for (int hour = 0; hour < 12; ++hour) {
        readers(*p, ids_[0], 3, next);
        next += 3;
        if (hour == 0) {
            p->rankNow();
            EXPECT_EQ(order(*p, 0, Window::kNow), (std::vector{ids_[1], ids_[0]}));
        }
        clock_.advance(1h);
    }
    p->rankNow();
    EXPECT_EQ(order(*p, 0, Window::kNow), (std::vector{ids_[0], ids_[1]}));
    // Plain counts still see the burst over a day.
    EXPECT_EQ(order(*p, 0, Window::kDay), (std::vector{ids_[0], ids_[1]}));  // 36 > 20
    // Per section: Business has only story 1.
    const auto* business = catalog().sections()->sectionByPath("/business");
    EXPECT_EQ(order(*p, business->id, Window::kNow), (std::vector{ids_[1]}));
}

TEST_P(PopularityTest, FiltersDuplicatesCrawlersAndUnknownArticles) {
    MemoryViewStore store(2h, 30min);
    auto p = make(store);
    const ReadBeacon beacon{.article_id = ids_[0], .ip = "203.0.113.7", .headers = kBrowser};
    EXPECT_EQ(p->recordRead(beacon), ReadOutcome::kCounted);
    clock_.advance(10min);
    EXPECT_EQ(p->recordRead(beacon), ReadOutcome::kDuplicate);  // same reader, 30 minutes
    ReadBeacon bot = beacon;
    bot.headers.user_agent = "Mozilla/5.0 (compatible; bingbot/2.0)";
    std::optional<Rejection> why;
    EXPECT_EQ(p->recordRead(bot, &why), ReadOutcome::kRejected);
    EXPECT_EQ(why, Rejection::kCrawler);
    ReadBeacon prefetch = beacon;
    prefetch.headers.sec_purpose = "prefetch";
    EXPECT_EQ(p->recordRead(prefetch), ReadOutcome::kRejected);
    ReadBeacon unknown = beacon;
    unknown.article_id = 999999;
    auto missing = p->recordRead(unknown);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    p->rankNow();
    ASSERT_EQ(p->snapshot()->top(0, Window::kNow).size(), 1U);
    EXPECT_EQ(p->snapshot()->top(0, Window::kNow)[0].views, 1U);
}

TEST_P(PopularityTest, ARestartKeepsTheCounts) {
    {
        MemoryViewStore store(2h, 30min);
        auto p = make(store);
        readers(*p, ids_[2], 5);
        ASSERT_TRUE(p->archiveNow());
    }
    MemoryViewStore store(2h, 30min);
    auto p = make(store);
    ASSERT_TRUE(p->restore());
    ASSERT_EQ(p->snapshot()->top(0, Window::kHour).size(), 1U);
    EXPECT_EQ(p->snapshot()->top(0, Window::kHour)[0].views, 5U);
    ASSERT_TRUE(p->archiveNow());  // nothing new: no double counting on the next archive
    MemoryViewStore again(2h, 30min);
    auto p2 = make(again);
    ASSERT_TRUE(p2->restore());
    EXPECT_EQ(p2->snapshot()->top(0, Window::kHour)[0].views, 5U);
}

TEST_P(PopularityTest, PinsLeadAndExclusionsVanish) {
    MemoryViewStore store(2h, 30min);
    auto p = make(store);
    readers(*p, ids_[0], 10);
    readers(*p, ids_[1], 5, 100);
    ViewArchive archive(*db_);
    ASSERT_TRUE(archive.setOverride(ids_[2], Override::kPin));
    ASSERT_TRUE(archive.setOverride(ids_[0], Override::kExclude));
    p->rankNow();
    EXPECT_EQ(order(*p, 0, Window::kNow), (std::vector{ids_[2], ids_[1]}));
    ASSERT_TRUE(archive.clearOverride(ids_[0]));
    p->rankNow();
    EXPECT_EQ(order(*p, 0, Window::kNow), (std::vector{ids_[2], ids_[0], ids_[1]}));
}

TEST_P(PopularityTest, BeaconsFromManyThreadsWhileRankingAndArchivingLoseNothing) {
    MemoryViewStore store(2h, 30min);
    auto p = make(store);
    constexpr int kThreads = 6;
    constexpr int kPerThread = 300;
    std::atomic<bool> done{false};
    std::thread worker([&] {
        while (!done.load()) {
            p->rankNow();
            ASSERT_TRUE(p->archiveNow());
        }
    });
    std::vector<std::thread> readers_threads;
    readers_threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
        readers_threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                const std::string ip = "198.51." + std::to_string(t) + "." + std::to_string(i);
                auto r = p->recordRead({.article_id = ids_[static_cast<std::size_t>(i % 3)],
                                        .ip = ip,
                                        .headers = kBrowser});
                ASSERT_TRUE(r);
                EXPECT_EQ(*r, ReadOutcome::kCounted);
            }
        });
    }
    for (auto& th : readers_threads) {
        th.join();
    }
    done = true;
    worker.join();
    ASSERT_TRUE(p->archiveNow());
    auto rows = db_->query("SELECT SUM(views) FROM article_views");
    ASSERT_TRUE(rows);
    EXPECT_EQ(rows->front().integer(0), kThreads * kPerThread);
}

TEST_P(PopularityTest, TheSnapshotChangesOnlyWhenTheListsDo) {
    MemoryViewStore store(2h, 30min);
    auto p = make(store);
    readers(*p, ids_[0], 2);
    p->rankNow();
    const auto first = p->snapshot()->generation();
    readers(*p, ids_[0], 1, 10);  // more reads, same order: fresh counts, same generation
    clock_.advance(1min);
    p->rankNow();
    EXPECT_EQ(p->snapshot()->generation(), first);
    EXPECT_EQ(p->snapshot()->top(0, Window::kNow)[0].views, 3U);
    ViewArchive(*db_).setOverride(ids_[0], Override::kPin).value();
    p->rankNow();  // pinning the leader changes no order, but the list does change
    EXPECT_GT(p->snapshot()->generation(), first);
    EXPECT_TRUE(p->snapshot()->top(0, Window::kNow)[0].pinned);
    const auto second = p->snapshot()->generation();
    readers(*p, ids_[1], 3, 50);
    p->rankNow();
    EXPECT_GT(p->snapshot()->generation(), second);
}

MASTHEAD_STORE_TEST_SUITE(PopularityTest);

}  // namespace
}  // namespace masthead::popularity
