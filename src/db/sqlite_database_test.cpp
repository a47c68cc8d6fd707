#include "db/sqlite_database.h"

#include <gtest/gtest.h>

#include <array>
#include <filesystem>

#include "db/migrations.h"

namespace masthead::db {
namespace {

class SqliteDatabaseTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("masthead-db-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        auto opened = SqliteDatabase::open(dir_ / "test.db");
        ASSERT_TRUE(opened) << opened.error().message;
        db_ = std::move(*opened);
        ASSERT_TRUE(db_->executeScript(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, n BIGINT)"));
    }
    void TearDown() override {
        db_.reset();
        std::filesystem::remove_all(dir_);
    }
    std::filesystem::path dir_;
    std::unique_ptr<SqliteDatabase> db_;
};

TEST_F(SqliteDatabaseTest, BindsAndReadsEveryType) {
    ASSERT_TRUE(db_->execute("INSERT INTO t (name, n) VALUES ($1, $2)",
                             {std::string("한국어 'quoted'"), std::int64_t{42}}));
    ASSERT_TRUE(
        db_->execute("INSERT INTO t (name, n) VALUES ($1, $2)", {std::string("null n"), nullptr}));
    auto rows = db_->query("SELECT name, n FROM t ORDER BY id");
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 2U);
    EXPECT_EQ((*rows)[0].text(0), "한국어 'quoted'");
    EXPECT_EQ((*rows)[0].integer(1), 42);
    EXPECT_TRUE((*rows)[1].isNull(1));
}

TEST_F(SqliteDatabaseTest, ABulkWritersWalIsCheckpointedAndStaysBounded) {
    // An import's connection: its checkpoints run on another thread, and every 16,384 pages
    // (64 MB) one runs in the committing thread so that the WAL can start again.
    auto opened = SqliteDatabase::open(dir_ / "bulk.db", 0, /*background_checkpoint=*/true);
    ASSERT_TRUE(opened) << opened.error().message;
    std::unique_ptr<SqliteDatabase> bulk = std::move(*opened);
    ASSERT_TRUE(bulk->executeScript("CREATE TABLE b (id INTEGER PRIMARY KEY, data BLOB)"));
    constexpr int kCommits = 40;  // 4 MB each: 160 MB written in all
    std::uintmax_t largest_wal = 0;
    for (int i = 0; i < kCommits; ++i) {
        ASSERT_TRUE(bulk->execute("INSERT INTO b (data) VALUES (zeroblob(4000000))"));
        std::error_code ec;
        largest_wal = std::max(largest_wal, std::filesystem::file_size(dir_ / "bulk.db-wal", ec));
    }
    EXPECT_LT(largest_wal, std::uintmax_t{80} << 20U);  // 64 MB and one commit's frames
    EXPECT_GT(std::filesystem::file_size(dir_ / "bulk.db"), std::uintmax_t{64} << 20U);
    auto rows = bulk->query("SELECT COUNT(*), SUM(LENGTH(data)) FROM b");
    ASSERT_TRUE(rows);
    EXPECT_EQ(rows->front().integer(0), kCommits);
    EXPECT_EQ(rows->front().integer(1), std::int64_t{kCommits} * 4000000);
    bulk.reset();  // the checkpointer stops first; the last close copies the rest
    EXPECT_FALSE(std::filesystem::exists(dir_ / "bulk.db-wal"));
    auto reopened = SqliteDatabase::open(dir_ / "bulk.db");
    ASSERT_TRUE(reopened);
    auto again = (*reopened)->query("SELECT COUNT(*) FROM b");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->front().integer(0), kCommits);
}

TEST_F(SqliteDatabaseTest, ParametersAreNeverSql) {
    const std::string hostile = "x'); DROP TABLE t; --";
    ASSERT_TRUE(db_->execute("INSERT INTO t (name) VALUES ($1)", {hostile}));
    auto rows = db_->query("SELECT name FROM t WHERE name = $1", {hostile});
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1U);
    EXPECT_EQ(rows->front().text(0), hostile);
}

TEST_F(SqliteDatabaseTest, ConstraintViolationIsAConflict) {
    ASSERT_TRUE(db_->execute("INSERT INTO t (name) VALUES ($1)", {std::string("a")}));
    auto again = db_->execute("INSERT INTO t (name) VALUES ($1)", {std::string("a")});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

TEST_F(SqliteDatabaseTest, SyntaxErrorIsInternalWithDetail) {
    auto bad = db_->query("SELEKT 1");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kInternal);
    EXPECT_NE(bad.error().detail.find("SELEKT"), std::string::npos);
}

TEST_F(SqliteDatabaseTest, FailedTransactionLeavesNothing) {
    auto result = inTransaction(*db_, [](Database& tx) -> Result<int> {
        if (auto r = tx.execute("INSERT INTO t (name) VALUES ($1)", {std::string("first")}); !r) {
            return fail(r.error());
        }
        return fail(Error::invalidInput("second step failed"));
    });
    ASSERT_FALSE(result);
    auto rows = db_->query("SELECT COUNT(*) FROM t");
    ASSERT_TRUE(rows);
    EXPECT_EQ(rows->front().integer(0), 0);
}

TEST_F(SqliteDatabaseTest, CommittedTransactionIsSeenByAnotherConnection) {
    auto other = SqliteDatabase::open(dir_ / "test.db");
    ASSERT_TRUE(other);
    auto before = (*other)->changeMarker();
    ASSERT_TRUE(before);
    ASSERT_TRUE(inTransaction(*db_, [](Database& tx) -> Result<std::int64_t> {
        return tx.execute("INSERT INTO t (name) VALUES ($1)", {std::string("x")});
    }));
    auto after = (*other)->changeMarker();
    ASSERT_TRUE(after);
    EXPECT_NE(*before, *after);
    auto rows = (*other)->query("SELECT name FROM t");
    ASSERT_TRUE(rows);
    EXPECT_EQ(rows->size(), 1U);
}

TEST_F(SqliteDatabaseTest, UnopenableFileIsUnavailable) {
    auto bad = SqliteDatabase::open(dir_ / "no" / "such" / "dir" / "x.db");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kUnavailable);
}

TEST_F(SqliteDatabaseTest, MigrationsApplyOnceAndRefuseANewerSchema) {
    auto first = migrate(*db_, schemaMigrations());
    ASSERT_TRUE(first) << first.error().message << first.error().detail;
    EXPECT_EQ(*first, static_cast<int>(schemaMigrations().size()));
    auto second = migrate(*db_, schemaMigrations());
    ASSERT_TRUE(second);
    EXPECT_EQ(*second, 0);

    const auto future = std::to_array<Migration>({{999, "from the future", "SELECT 1"}});
    ASSERT_TRUE(migrate(*db_, future));
    auto older = migrate(*db_, schemaMigrations());
    ASSERT_FALSE(older);
    EXPECT_EQ(older.error().code, ErrorCode::kConflict);
    EXPECT_NE(older.error().message.find("999"), std::string::npos);
}

TEST_F(SqliteDatabaseTest, BrokenMigrationRollsBackAndNamesItself) {
    const auto steps = std::to_array<Migration>(
        {{1, "good", "CREATE TABLE a (x BIGINT)"},
         {2, "broken", "CREATE TABLE b (x BIGINT); CREATE TABLE b (y BIGINT)"}});
    auto r = migrate(*db_, steps);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("migration 2 (broken)"), std::string::npos);
    auto tables = db_->query("SELECT name FROM sqlite_master WHERE name = 'b'");
    ASSERT_TRUE(tables);
    EXPECT_TRUE(tables->empty());
    auto version = db_->query("SELECT MAX(version) FROM schema_migrations");
    ASSERT_TRUE(version);
    EXPECT_EQ(version->front().integer(0), 1);
}

}  // namespace
}  // namespace masthead::db
