#include "db/sqlite_database.h"

#include <pthread.h>
#include <sqlite3.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "util/check.h"

namespace masthead::db {
namespace {

/// With a background checkpoint, a commit that leaves the WAL this long (pages) wakes the
/// checkpointer. The WAL file starts again from its beginning only when a write transaction
/// begins with every frame already copied, which a writer that commits batch after batch
/// never sees (the checkpointer is always copying the last commit): so a commit that leaves
/// it 4 times as long checkpoints in the committing thread (the frames not yet copied, and
/// one fsync), and the WAL stays under about 64 MB.
constexpr int kCheckpointPages = 4096;
constexpr int kCheckpointNowPages = 4 * kCheckpointPages;

}  // namespace

/// Checkpoints a database's WAL (PASSIVE: never waits for readers or the writer) on a thread
/// and connection of its own whenever asked, until destroyed.
class SqliteDatabase::Checkpointer {
  public:
    explicit Checkpointer(sqlite3* handle) : db_(handle), thread_([this] { run(); }) {}
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;
    ~Checkpointer() {
        {
            const std::lock_guard lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        thread_.join();
        sqlite3_close(db_);
    }
    void request() {
        {
            const std::lock_guard lock(mutex_);
            wanted_ = true;
        }
        wake_.notify_all();
    }
    /// Returns once no checkpoint is running or asked for.
    void waitIdle() {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return (!wanted_ && !running_) || stop_; });
    }

  private:
    void run() {
        pthread_setname_np(pthread_self(), "db-checkpoint");
        std::unique_lock lock(mutex_);
        while (true) {
            wake_.wait(lock, [this] { return wanted_ || stop_; });
            if (stop_) {
                return;
            }
            wanted_ = false;
            running_ = true;
            lock.unlock();
            // A failure (the disk full, say) leaves the frames in the WAL, where they are
            // safe; the next request, or the writer's own checkpoint on close, tries again.
            (void)sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                            nullptr);
            lock.lock();
            running_ = false;
            wake_.notify_all();
        }
    }

    sqlite3* db_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool wanted_ = false;
    bool running_ = false;
    bool stop_ = false;
    std::thread thread_;  // last: starts once the rest is ready
};

std::int64_t Row::integer(std::size_t i) const {
    const Value& v = values_.at(i);
    if (const auto* n = std::get_if<std::int64_t>(&v)) {
        return *n;
    }
    if (const auto* d = std::get_if<double>(&v)) {
        return static_cast<std::int64_t>(*d);
    }
    return 0;
}

std::string Row::text(std::size_t i) const {
    const Value& v = values_.at(i);
    if (const auto* s = std::get_if<std::string>(&v)) {
        return *s;
    }
    if (const auto* n = std::get_if<std::int64_t>(&v)) {
        return std::to_string(*n);
    }
    return {};
}

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const std::filesystem::path& file,
                                                             std::size_t cache_bytes,
                                                             bool background_checkpoint) {
    // SQLite counts the memory it holds under a global mutex on every allocation; nothing
    // reads the count. Switched off before SQLite's first use (sqlite3_config must come
    // before it initialises; later it refuses, harmlessly).
    [[maybe_unused]] static const int memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3* handle = nullptr;
    const int rc = sqlite3_open_v2(
        file.c_str(), &handle,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
        nullptr);
    if (rc != SQLITE_OK) {
        std::string why = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
        sqlite3_close(handle);
        return fail(Error::unavailable("cannot open database " + file.string() + ": " + why));
    }
    std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(handle));
    sqlite3_busy_timeout(handle, 5000);
    // WAL: readers never block the writer; synchronous=NORMAL in WAL loses no committed
    // transaction when the process is killed (only on power loss, the last few).
    // temp_store=MEMORY: a savepoint's and a statement's undo pages stay in memory instead of
    // a temporary file each (an import saves every file under a savepoint: 30 writes a file).
    if (auto r = db->executeScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                                   "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;");
        !r) {
        return fail(r.error());
    }
    if (cache_bytes > 0) {
        // A negative cache_size is in KiB.
        const std::string pragma = "PRAGMA cache_size = -" + std::to_string(cache_bytes >> 10U);
        if (auto r = db->executeScript(pragma); !r) {
            return fail(r.error());
        }
    }
    if (background_checkpoint) {
        sqlite3* other = nullptr;
        if (sqlite3_open_v2(file.c_str(), &other, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                            nullptr) != SQLITE_OK) {
            std::string why = other ? sqlite3_errmsg(other) : "out of memory";
            sqlite3_close(other);
            return fail(Error::unavailable("cannot open database " + file.string() + ": " + why));
        }
        sqlite3_busy_timeout(other, 5000);
        // Reads the file's header: a connection that has not checkpoints nothing.
        sqlite3_exec(other, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
        db->checkpointer_ = std::make_unique<Checkpointer>(other);
        sqlite3_wal_hook(handle, &SqliteDatabase::onCommit, db.get());  // replaces SQLite's own
    }
    return db;
}

SqliteDatabase::SqliteDatabase(sqlite3* handle) : db_(handle) {}

int SqliteDatabase::onCommit(void* self, sqlite3* handle, const char* /*schema*/, int wal_pages) {
    Checkpointer& checkpointer = *static_cast<SqliteDatabase*>(self)->checkpointer_;
    if (wal_pages >= kCheckpointNowPages) {
        checkpointer.waitIdle();  // two checkpoints cannot run at once: the second would give up
        (void)sqlite3_wal_checkpoint_v2(handle, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                        nullptr);
    } else if (wal_pages >= kCheckpointPages) {
        checkpointer.request();
    }
    return SQLITE_OK;
}

SqliteDatabase::~SqliteDatabase() {
    checkpointer_.reset();  // its connection closes first; this one's close checkpoints the rest
    for (auto& [sql, stmt] : statements_) {
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db_);
}

Error SqliteDatabase::translate(int rc, std::string_view context) const {
    std::string detail = std::string(context) + ": " + sqlite3_errmsg(db_);
    switch (rc & 0xff) {
        case SQLITE_CONSTRAINT:
            return Error::conflict("the change conflicts with existing data", std::move(detail));
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_IOERR:
        case SQLITE_FULL:
        case SQLITE_CANTOPEN:
        case SQLITE_READONLY:
            return Error::unavailable("the database is unavailable", std::move(detail));
        default:
            return Error::internal("database error", std::move(detail));
    }
}

void SqliteDatabase::done(sqlite3_stmt* stmt) {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);  // nothing points into the caller's values any more
}

Result<sqlite3_stmt*> SqliteDatabase::prepare(std::string_view sql,
                                              std::initializer_list<Value> params) {
    sqlite3_stmt* stmt = nullptr;
    auto it = statements_.find(std::string(sql));
    if (it != statements_.end()) {
        stmt = it->second;
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
    } else {
        const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                          SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
        if (rc != SQLITE_OK) {
            return fail(translate(rc, sql));
        }
        statements_.emplace(std::string(sql), stmt);
    }
    // Placeholders are $1, $2, ... (PostgreSQL's spelling, which SQLite also accepts).
    int index = 1;
    for (const Value& v : params) {
        const std::string name = "$" + std::to_string(index);
        const int slot = sqlite3_bind_parameter_index(stmt, name.c_str());
        MASTHEAD_CHECK(slot > 0, "every parameter must appear in the SQL as $N");
        int rc = SQLITE_OK;
        if (std::holds_alternative<std::nullptr_t>(v)) {
            rc = sqlite3_bind_null(stmt, slot);
        } else if (const auto* n = std::get_if<std::int64_t>(&v)) {
            rc = sqlite3_bind_int64(stmt, slot, *n);
        } else if (const auto* d = std::get_if<double>(&v)) {
            rc = sqlite3_bind_double(stmt, slot, *d);
        } else {
            const auto& s = std::get<std::string>(v);
            // SQLITE_STATIC: not copied (an article's bodies are kilobytes); the caller's
            // values outlive the statement's run, and done() clears the bindings after it.
            rc = sqlite3_bind_text64(stmt, slot, s.data(), s.size(), SQLITE_STATIC, SQLITE_UTF8);
        }
        if (rc != SQLITE_OK) {
            return fail(translate(rc, sql));
        }
        ++index;
    }
    return stmt;
}

Result<Rows> SqliteDatabase::query(std::string_view sql, std::initializer_list<Value> params) {
    auto stmt = prepare(sql, params);
    if (!stmt) {
        return fail(stmt.error());
    }
    Rows rows;
    const int columns = sqlite3_column_count(*stmt);
    while (true) {
        const int rc = sqlite3_step(*stmt);
        if (rc == SQLITE_DONE) {
            break;
        }
        if (rc != SQLITE_ROW) {
            Error e = translate(rc, sql);
            done(*stmt);
            return fail(std::move(e));
        }
        std::vector<Value> values;
        values.reserve(static_cast<std::size_t>(columns));
        for (int c = 0; c < columns; ++c) {
            switch (sqlite3_column_type(*stmt, c)) {
                case SQLITE_INTEGER:
                    values.emplace_back(sqlite3_column_int64(*stmt, c));
                    break;
                case SQLITE_FLOAT:
                    values.emplace_back(sqlite3_column_double(*stmt, c));
                    break;
                case SQLITE_NULL:
                    values.emplace_back(nullptr);
                    break;
                default: {
                    const auto* text = sqlite3_column_text(*stmt, c);
                    const int size = sqlite3_column_bytes(*stmt, c);
                    values.emplace_back(std::string(reinterpret_cast<const char*>(text),
                                                    static_cast<std::size_t>(size)));
                }
            }
        }
        rows.emplace_back(std::move(values));
    }
    done(*stmt);
    return rows;
}

Result<std::int64_t> SqliteDatabase::execute(std::string_view sql,
                                             std::initializer_list<Value> params) {
    auto stmt = prepare(sql, params);
    if (!stmt) {
        return fail(stmt.error());
    }
    int rc;
    while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) {
        Error e = translate(rc, sql);
        done(*stmt);
        return fail(std::move(e));
    }
    done(*stmt);
    return sqlite3_changes64(db_);
}

Result<void> SqliteDatabase::executeScript(std::string_view sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        Error e = translate(rc, message ? message : "script");
        sqlite3_free(message);
        return fail(std::move(e));
    }
    return {};
}

Result<void> SqliteDatabase::begin() {
    // IMMEDIATE takes the write lock up front, so two writers wait (busy timeout) instead of
    // failing half-way with SQLITE_BUSY on upgrade.
    return executeScript("BEGIN IMMEDIATE");
}

Result<void> SqliteDatabase::commit() { return executeScript("COMMIT"); }

void SqliteDatabase::rollback() {
    if (!sqlite3_get_autocommit(db_)) {
        (void)executeScript("ROLLBACK");
    }
}

bool SqliteDatabase::isInTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

Result<std::int64_t> SqliteDatabase::changeMarker() {
    auto rows = query("PRAGMA data_version");
    if (!rows) {
        return fail(rows.error());
    }
    return rows->at(0).integer(0);
}

}  // namespace masthead::db
