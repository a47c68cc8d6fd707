#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "content/article_store.h"
#include "db/migrations.h"
#include "db/sqlite_database.h"
#include "util/time_format.h"

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
    /// Published articles "About SLUG" in National (20 November 2026, 09:00 in Seoul), one
    /// per slug; returns their ids (a failure is reported and leaves the id out).
    std::vector<std::int64_t> addArticles(std::initializer_list<const char*> slugs) {
        ArticleStore articles(*db_);
        std::vector<std::int64_t> ids;
        for (const char* slug : slugs) {
            ArticleInput in;
            in.slug = slug;
            in.section_names = {"National"};
            in.headline = std::string("About ") + slug;
            in.body_markdown = "A paragraph.\n";
            in.published_at = *parseRfc3339("2026-11-20T09:00:00+09:00");
            auto saved = articles.save(in);
            if (!saved) {
                ADD_FAILURE() << saved.error().message;
                continue;
            }
            ids.push_back(saved->article.id);
        }
        return ids;
    }
    void TearDown() override {
        db_.reset();
        std::filesystem::remove_all(dir_);
    }
    std::filesystem::path dir_;
    std::unique_ptr<db::SqliteDatabase> db_;
};

}  // namespace masthead::content
