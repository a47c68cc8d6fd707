#pragma once

#include <filesystem>
#include <memory>

#include "db/database.h"
#include "db/storage.h"

namespace masthead::app {

/// Opens the site's database (creating the data folder for SQLite) and brings the schema up
/// to date. `created`: the database did not exist before.
[[nodiscard]] Result<std::unique_ptr<db::Database>> openData(const db::StorageOptions& storage,
                                                             bool& created);
/// The same for a data folder given on the command line (`--data DIR`).
[[nodiscard]] Result<std::unique_ptr<db::Database>> openData(const std::filesystem::path& data_dir,
                                                             bool& created);

}  // namespace masthead::app
