#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "content/catalog.h"
#include "dictionary/glossary.h"

namespace masthead::app {

/// Keeps the catalog current when another process (`masthead import`) changes the database:
/// every `interval` it asks SQLite whether anything was committed since (PRAGMA
/// data_version, one cheap query) and, if so, whether the content revision moved; only then
/// does it reload the catalog (read counts archived every few seconds do not), and the
/// glossary, whose edits (`masthead glossary`) bump the same revision. Runs on its own thread
/// with its own connection, never on a request's path.
class CatalogRefresher {
  public:
    /// `glossary` may be null (nothing but the catalog to reload).
    CatalogRefresher(std::filesystem::path db_file, content::Catalog& catalog,
                     dictionary::Glossary* glossary, std::chrono::milliseconds interval);
    ~CatalogRefresher();
    CatalogRefresher(const CatalogRefresher&) = delete;
    CatalogRefresher& operator=(const CatalogRefresher&) = delete;

  private:
    void run();

    std::filesystem::path db_file_;
    content::Catalog& catalog_;
    dictionary::Glossary* glossary_;
    std::chrono::milliseconds interval_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace masthead::app
