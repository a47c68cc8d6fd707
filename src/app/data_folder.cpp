#include "app/data_folder.h"

#include "app/config.h"
#include "db/migrations.h"

namespace masthead::app {

Result<std::unique_ptr<db::Database>> openData(const db::StorageOptions& storage, bool& created) {
    if (storage.engine == db::Engine::kSqlite) {
        const auto dir = storage.sqlite_file.parent_path();
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) {
            return fail(Error::unavailable("cannot create the data folder " + dir.string() + ": " +
                                           ec.message()));
        }
        created = !std::filesystem::exists(storage.sqlite_file);
    }
    auto db = db::connect(storage);
    if (!db) {
        return fail(db.error());
    }
    if (auto m = db::migrate(**db, db::schemaMigrations()); !m) {
        return fail(m.error());
    }
    return db;
}

Result<std::unique_ptr<db::Database>> openData(const std::filesystem::path& data_dir,
                                               bool& created) {
    return openData(storageOf(data_dir), created);
}

}  // namespace masthead::app
