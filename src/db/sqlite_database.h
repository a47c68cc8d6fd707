#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>

#include "db/database.h"

struct sqlite3;
struct sqlite3_stmt;

namespace masthead::db {

/// SQLite driver: one connection in WAL mode with foreign keys on and a busy timeout, so
/// a server and an `import` in another process can share the file.
class SqliteDatabase final : public Database {
  public:
    /// Opens (creating when missing) the database file. kUnavailable when it cannot.
    /// `cache_bytes`: the connection's page cache (0: SQLite's default, about 2 MB).
    /// `background_checkpoint`: copy the WAL into the database (and wait for the disk) on a
    /// thread and connection of its own, not in the thread that commits: for a connection
    /// that writes much at once, such as an import, whose commits would otherwise stop for
    /// each checkpoint's fsync (2.5 s of a 30,000-article import).
    [[nodiscard]] static Result<std::unique_ptr<SqliteDatabase>> open(
        const std::filesystem::path& file, std::size_t cache_bytes = 0,
        bool background_checkpoint = false);
    ~SqliteDatabase() override;
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    Result<Rows> query(std::string_view sql, std::initializer_list<Value> params = {}) override;
    Result<std::int64_t> execute(std::string_view sql,
                                 std::initializer_list<Value> params = {}) override;
    Result<void> executeScript(std::string_view sql) override;
    Result<void> begin() override;
    Result<void> commit() override;
    void rollback() override;
    bool isInTransaction() const override;
    Dialect dialect() const override { return Dialect::kSqlite; }
    Result<std::int64_t> changeMarker() override;

  private:
    class Checkpointer;
    explicit SqliteDatabase(sqlite3* handle);
    /// SQLite's WAL hook: after each commit, with the pages the WAL holds.
    static int onCommit(void* self, sqlite3* handle, const char* schema, int wal_pages);
    Result<sqlite3_stmt*> prepare(std::string_view sql, std::initializer_list<Value> params);
    Error translate(int rc, std::string_view context) const;
    /// Resets a statement after its run and clears its bindings.
    static void done(sqlite3_stmt* stmt);

    sqlite3* db_;
    std::unique_ptr<Checkpointer> checkpointer_;  // null unless background_checkpoint
    std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace masthead::db
