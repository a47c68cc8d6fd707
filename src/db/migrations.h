#pragma once

#include <span>
#include <string_view>

#include "db/database.h"

namespace masthead::db {

/// One step of the schema's history. `sql` is portable; `@id@` stands for the dialect's
/// auto-increment primary key column type.
struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;
};

/// Masthead's schema history, oldest first (schema.cpp). Never edit a released step: add one.
[[nodiscard]] std::span<const Migration> schemaMigrations();

/// Applies the steps not yet recorded in schema_migrations, each in its own transaction.
/// Returns how many were applied. Fails (kConflict) when the database is newer than this
/// binary, naming both versions.
[[nodiscard]] Result<int> migrate(Database& db, std::span<const Migration> steps);

}  // namespace masthead::db
