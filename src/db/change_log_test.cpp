#include "db/change_log.h"

#include <gtest/gtest.h>

#include "db/test_support.h"

namespace masthead::db {
namespace {

using ChangeLogTest = StoreTest;

TEST_P(ChangeLogTest, FollowersReadWhatCameAfterTheirLastEntry) {
    ChangeLog log(*db_);
    EXPECT_EQ(log.latest(), 0);
    ASSERT_TRUE(log.record("article", 7, "1,2"));
    ASSERT_TRUE(log.record("sections", 3));
    const std::int64_t seen = log.latest().value();
    ASSERT_TRUE(log.record("glossary"));
    auto since = log.since(seen, 10);
    ASSERT_TRUE(since);
    EXPECT_TRUE(since->complete);
    ASSERT_EQ(since->changes.size(), 1U);
    EXPECT_EQ(since->changes[0].topic, "glossary");
    EXPECT_EQ(since->latest, since->changes[0].seq);
    auto all = log.since(0, 10);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->changes.size(), 3U);
    EXPECT_EQ(all->changes[0].subject, 7);
    EXPECT_EQ(all->changes[0].detail, "1,2");
    EXPECT_TRUE(log.since(all->latest, 10)->changes.empty());
}

TEST_P(ChangeLogTest, AFollowerTooFarBehindIsToldSo) {
    ChangeLog log(*db_);
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(log.record("article", i, "0,1"));
    }
    // More waiting than the follower takes at once.
    auto many = log.since(0, 3);
    ASSERT_TRUE(many);
    EXPECT_FALSE(many->complete);
    EXPECT_EQ(many->latest, log.latest().value());
    // Entries it had not read were pruned.
    ASSERT_TRUE(db_->execute("DELETE FROM change_log WHERE seq <= 2"));
    auto pruned = log.since(1, 100);
    ASSERT_TRUE(pruned);
    EXPECT_FALSE(pruned->complete);
    auto fine = log.since(2, 100);  // it had read up to the pruned ones
    ASSERT_TRUE(fine);
    EXPECT_TRUE(fine->complete);
    EXPECT_EQ(fine->changes.size(), 3U);
}

TEST_P(ChangeLogTest, AnEntryExistsExactlyWhenItsTransactionCommitted) {
    ChangeLog log(*db_);
    auto failed = inTransaction(*db_, [&](Database&) -> Result<void> {
        if (auto r = log.record("article", 1, "0,1"); !r) {
            return r;
        }
        return fail(Error::invalidInput("the save failed after recording"));
    });
    ASSERT_FALSE(failed);
    EXPECT_EQ(log.latest(), 0);
    // A failed step inside a batch undoes its own writes only (a savepoint).
    auto batch = inTransaction(*db_, [&](Database& db) -> Result<void> {
        if (auto r = log.record("article", 1, "0,1"); !r) {
            return r;
        }
        auto step = inTransaction(db, [&](Database&) -> Result<void> {
            if (auto r = log.record("article", 2, "0,1"); !r) {
                return r;
            }
            return fail(Error::conflict("this one clashes"));
        });
        EXPECT_FALSE(step);
        return log.record("article", 3, "0,1");
    });
    ASSERT_TRUE(batch);
    auto all = log.since(0, 10);
    ASSERT_EQ(all->changes.size(), 2U);
    EXPECT_EQ(all->changes[0].subject, 1);
    EXPECT_EQ(all->changes[1].subject, 3);
}

MASTHEAD_STORE_TEST_SUITE(ChangeLogTest);

}  // namespace
}  // namespace masthead::db
