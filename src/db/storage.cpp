#include "db/storage.h"

#include "db/sqlite_database.h"

namespace masthead::db {

std::string_view toString(Engine engine) {
    switch (engine) {
        case Engine::kSqlite:
            return "sqlite";
    }
    return "sqlite";
}

Result<std::unique_ptr<Database>> connect(const StorageOptions& options) {
    switch (options.engine) {
        case Engine::kSqlite: {
            auto db =
                SqliteDatabase::open(options.sqlite_file, options.cache_bytes, options.bulk_writes);
            if (!db) {
                return fail(db.error());
            }
            return std::unique_ptr<Database>(std::move(*db));
        }
    }
    return fail(Error::internal("unknown storage engine"));
}

}  // namespace masthead::db
