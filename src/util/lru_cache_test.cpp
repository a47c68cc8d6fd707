#include "util/lru_cache.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace masthead {
namespace {

using Cache = LruCache<std::string, std::shared_ptr<const std::string>, StringKeyHash>;
constexpr std::size_t kOverhead = Cache::kEntryOverhead;

std::shared_ptr<const std::string> value(std::size_t bytes) {
    return std::make_shared<const std::string>(bytes, 'x');
}

TEST(LruCache, KeepsWithinItsBytesDroppingTheLeastRecentlyUsed) {
    // 16 shards; keys "a".."z" spread over them, so test one shard's worth by size instead:
    // a cache of 16 * 10,000 bytes keeps about 10,000 bytes per shard.
    Cache cache(std::size_t{16} * 10'000);
    for (int i = 0; i < 1000; ++i) {
        cache.put("key-" + std::to_string(i), value(1000), 1000);
    }
    const CacheStats full = cache.stats();
    EXPECT_LE(full.bytes, full.capacity_bytes);
    EXPECT_GT(full.evictions, 800U);
    EXPECT_LT(full.entries, 160U);
    // The most recent entries are there, the oldest are gone.
    EXPECT_NE(cache.find(std::string_view("key-999")), nullptr);
    EXPECT_EQ(cache.find(std::string_view("key-0")), nullptr);
}

TEST(LruCache, AReadKeepsAnEntryAndAnOversizedValueIsNotKept) {
    // Each shard's share: 4 entries of 1000 bytes (with overhead and key).
    Cache cache(16 * (4 * (1000 + kOverhead + 16)));
    cache.put("big", value(1'000'000), 1'000'000);
    EXPECT_EQ(cache.find(std::string_view("big")), nullptr);
    EXPECT_EQ(cache.stats().bytes, 0U);

    cache.put("a", value(10), 10);
    EXPECT_NE(cache.find(std::string_view("a")), nullptr);
    cache.put("a", value(20), 20);  // replaced, not added
    EXPECT_EQ(cache.stats().entries, 1U);
    EXPECT_EQ(cache.find(std::string_view("a"))->size(), 20U);
    cache.erase(std::string_view("a"));
    EXPECT_EQ(cache.find(std::string_view("a")), nullptr);
    EXPECT_EQ(cache.stats().bytes, 0U);
    cache.put("b", value(10), 10);
    cache.clear();
    EXPECT_EQ(cache.stats().entries, 0U);
    EXPECT_GE(cache.stats().misses, 2U);
}

TEST(LruCache, RecentlyReadEntriesOutliveNewerUnreadOnes) {
    // Integer keys: all in a cache small enough that each shard holds about two entries.
    LruCache<std::int64_t, std::shared_ptr<const std::string>> cache(std::size_t{16} * 2 *
                                                                     (100 + kOverhead + 8));
    // Fill far past capacity while reading key 1 after every insertion: it stays.
    cache.put(1, value(100), 100);
    for (std::int64_t k = 2; k < 400; ++k) {
        ASSERT_NE(cache.find(std::int64_t{1}), nullptr) << "after " << k;
        cache.put(k, value(100), 100);
    }
    EXPECT_NE(cache.find(std::int64_t{1}), nullptr);
    EXPECT_LE(cache.stats().bytes, cache.stats().capacity_bytes);
}

}  // namespace
}  // namespace masthead
