#pragma once

#include "app/config.h"

namespace masthead::app {

/// `masthead serve`: opens (and migrates) the database, seeds the demo content into a new
/// data folder, builds the site and serves until SIGINT/SIGTERM. Returns the exit code.
[[nodiscard]] int serve(const Config& config);

/// `masthead import`: imports article files into the data folder's database, printing one
/// URL path per article, or FILE:LINE errors. Returns 0 only when every file imported.
[[nodiscard]] int importFiles(const std::filesystem::path& data_dir,
                              const std::vector<std::filesystem::path>& files);

/// `masthead popular pin|exclude|clear --data DIR SLUG...`: the newsroom's say over "What's
/// Popular Now". A running server applies it at its next ranking (within rank_every_ms).
[[nodiscard]] int setPopularOverride(const std::filesystem::path& data_dir, std::string_view action,
                                     const std::vector<std::string>& slugs);

}  // namespace masthead::app
