#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "content/article_store.h"
#include "content/catalog.h"
#include "db/test_support.h"
#include "util/time_format.h"

namespace masthead::content {

/// A fresh database with the real migrations on each engine (db::StoreTest); a suite runs
/// its TEST_Ps on every engine with MASTHEAD_STORE_TEST_SUITE.
class DatabaseTest : public db::StoreTest {
  protected:
    /// A catalog over this database, its sections read when it is first asked for (a server
    /// learns of later ones from the change log: call loadSections()).
    Catalog& catalog() {
        if (!catalog_) {
            catalog_ = std::make_unique<Catalog>(pool());
            EXPECT_TRUE(catalog_->loadSections());
        }
        return *catalog_;
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
        catalog_.reset();
        db::StoreTest::TearDown();
    }
    std::unique_ptr<Catalog> catalog_;
};

}  // namespace masthead::content
