#pragma once

#include <optional>
#include <string>

#include "app/config.h"
#include "app/site.h"
#include "dictionary/glossary_store.h"
#include "identity/staff_store.h"

namespace masthead::app {

// The commands of the `masthead` binary (command_line.cpp parses and dispatches), one file
// each: serve_command.cpp, import_command.cpp, popular_command.cpp, glossary_command.cpp,
// user_command.cpp. Each returns the process's exit code.

/// Prints "masthead: MESSAGE" (and its detail) to stderr; returns 1, a failed command's code.
int failCommand(const Error& e);

/// `masthead serve`: builds the Site (app/site.h: the database opened and migrated, the demo
/// content seeded into a new data folder, the handlers and routes), serves it until
/// SIGINT/SIGTERM and follows the changes others make. Returns the exit code.
[[nodiscard]] int serve(const Config& config, ServeMode mode = {});

/// `masthead import`: imports article files (and the *.md files under folders) into the data
/// folder's database, printing one URL path per article added or updated and FILE:LINE errors,
/// with a progress bar on a terminal and a summary line on stderr. Files imported before from
/// the same bytes are skipped. Returns 0 when every file imported, 1 when some failed, 130
/// when interrupted (import_command.cpp).
[[nodiscard]] int importFiles(const std::filesystem::path& data_dir,
                              const std::vector<std::filesystem::path>& files);

/// `masthead popular pin|exclude|clear --data DIR SLUG...`: the newsroom's say over "What's
/// Popular Now". A running server applies it at its next ranking (within rank_every_ms).
[[nodiscard]] int setPopularOverride(const std::filesystem::path& data_dir, std::string_view action,
                                     const std::vector<std::string>& slugs);

/// `masthead glossary add --data DIR [--article SLUG] TERM KOREAN [NOTE]`: adds the entry, or
/// replaces the gloss and note of the same term. A running server shows it within a second
/// (ChangeFollower). Returns 0, or 1 with the problem on stderr.
[[nodiscard]] int glossaryAdd(const std::filesystem::path& data_dir,
                              const dictionary::GlossaryInput& input);
/// `masthead glossary remove --data DIR [--article SLUG] TERM`
[[nodiscard]] int glossaryRemove(const std::filesystem::path& data_dir,
                                 const std::string& article_slug, const std::string& term);
/// `masthead glossary list --data DIR [--article SLUG]`: one entry per line, tab-separated:
/// scope ("site" or the article's slug), term, Korean, note. Every entry without --article.
[[nodiscard]] int glossaryList(const std::filesystem::path& data_dir,
                               const std::optional<std::string>& article_slug);
/// `masthead glossary import --data DIR FILE.json`: all entries or none; problems are printed
/// as "FILE: entry N: what is wrong".
[[nodiscard]] int glossaryImport(const std::filesystem::path& data_dir,
                                 const std::filesystem::path& file);

/// `masthead user add --data DIR NAME --role ROLE`: reads the password from standard input
/// (without echo on a terminal) and adds the staff member. Returns 0, or 1 with the problem.
[[nodiscard]] int userAdd(const std::filesystem::path& data_dir, const std::string& name,
                          identity::Role role);
/// `masthead user list --data DIR`: one staff member per line: name, tab, role.
[[nodiscard]] int userList(const std::filesystem::path& data_dir);

}  // namespace masthead::app
