#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

#include "db/database.h"

namespace masthead::db {

/// Which database engine holds the site (`storage.engine`).
enum class Engine { kSqlite };

[[nodiscard]] std::string_view toString(Engine engine);

/// Where the site's durable state lives: the engine and how to reach it. Built once from the
/// configuration; everything that needs a connection opens it through connect().
struct StorageOptions {
    Engine engine = Engine::kSqlite;
    std::filesystem::path sqlite_file;  ///< kSqlite: the database file (created when missing)
    /// Each connection's page cache; 0: the engine's default. A long import of a large
    /// archive wants more, so that the indexes it inserts into stay in memory.
    std::size_t cache_bytes = 0;
    /// The connection writes much at once (an import): the engine's housekeeping after a
    /// commit (SQLite's WAL checkpoint and its fsync) runs on a thread of its own.
    bool bulk_writes = false;
};

/// Opens a new connection to the configured database. kUnavailable when it cannot.
[[nodiscard]] Result<std::unique_ptr<Database>> connect(const StorageOptions& options);

}  // namespace masthead::db
