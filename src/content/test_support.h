#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "db/migrations.h"
#include "db/sqlite_database.h"

namespace masthead::content {

/// A real SQLite file with the real migrations, in a fresh temporary folder per test.
class DatabaseTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("masthead-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name() + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        auto opened = db::SqliteDatabase::open(dir_ / "masthead.db");
        ASSERT_TRUE(opened) << opened.error().message;
        db_ = std::move(*opened);
        auto migrated = db::migrate(*db_, db::schemaMigrations());
        ASSERT_TRUE(migrated) << migrated.error().message;
    }
    void TearDown() override {
        db_.reset();
        std::filesystem::remove_all(dir_);
    }
    std::filesystem::path dir_;
    std::unique_ptr<db::SqliteDatabase> db_;
};

}  // namespace masthead::content
