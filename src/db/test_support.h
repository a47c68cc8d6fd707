#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "db/connection_pool.h"
#include "db/migrations.h"
#include "db/storage.h"

namespace masthead::db {

/// The engines every store test runs on. Adding an engine (PostgreSQL) adds it here and to
/// StoreTest::SetUp, and every suite instantiated with MASTHEAD_STORE_TEST_SUITE runs on it.
inline std::vector<Engine> testEngines() { return {Engine::kSqlite}; }

/// A fresh database per test on the engine the test is instantiated for, with the real
/// migrations: on SQLite a real file in a temporary folder of its own.
class StoreTest : public ::testing::TestWithParam<Engine> {
  protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = std::string(info->test_suite_name()) + "-" + info->name();
        for (char& c : name) {
            c = c == '/' ? '-' : c;
        }
        dir_ = std::filesystem::temp_directory_path() /
               ("masthead-" + std::to_string(::getpid()) + "-" + name);
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        storage_ = {.engine = GetParam(), .sqlite_file = dir_ / "masthead.db"};
        auto opened = connect(storage_);
        ASSERT_TRUE(opened) << opened.error().message;
        db_ = std::move(*opened);
        auto migrated = migrate(*db_, schemaMigrations());
        ASSERT_TRUE(migrated) << migrated.error().message;
    }
    void TearDown() override {
        pool_.reset();
        db_.reset();
        std::filesystem::remove_all(dir_);
    }
    /// Connections of their own to the same database (as a server's request threads have).
    ConnectionPool& pool() {
        if (!pool_) {
            pool_ = std::make_unique<ConnectionPool>(storage_, 4);
        }
        return *pool_;
    }

    std::filesystem::path dir_;
    StorageOptions storage_;
    std::unique_ptr<Database> db_;
    std::unique_ptr<ConnectionPool> pool_;
};

}  // namespace masthead::db

/// Runs every TEST_P of `suite` (a StoreTest) once per engine: Engines/suite.Name/sqlite.
#define MASTHEAD_STORE_TEST_SUITE(suite)                                                          \
    INSTANTIATE_TEST_SUITE_P(Engines, suite, ::testing::ValuesIn(::masthead::db::testEngines()),  \
                             [](const ::testing::TestParamInfo<::masthead::db::Engine>& engine) { \
                                 return std::string(::masthead::db::toString(engine.param));      \
                             })
