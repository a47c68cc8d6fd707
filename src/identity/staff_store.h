#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.h"
#include "util/error.h"

namespace masthead::identity {

/// What a staff member may do, each role including the one before: moderators decide on
/// comments and ban readers; editors also set where comments are open, pre-moderated or
/// closed; admins also keep the word lists.
enum class Role { kModerator, kEditor, kAdmin };

[[nodiscard]] std::string_view toString(Role role);
[[nodiscard]] std::optional<Role> parseRole(std::string_view s);
/// True when `have` includes `need`.
[[nodiscard]] inline bool allows(Role have, Role need) {
    return static_cast<int>(have) >= static_cast<int>(need);
}

struct StaffMember {
    std::int64_t id = 0;
    std::string name;
    Role role = Role::kModerator;
};

/// Staff accounts with argon2id password hashes (libsodium). Not thread-safe (one
/// connection).
class StaffStore {
  public:
    explicit StaffStore(db::Database& db) : db_(db) {}

    /// Adds a staff member. Names are 2 to 32 of a-z, 0-9, '.', '_' or '-'; passwords at
    /// least 12 characters. kConflict when the name is taken.
    [[nodiscard]] Result<StaffMember> add(const std::string& name, Role role,
                                          std::string_view password, std::int64_t now);
    /// The staff member when the password is theirs; kForbidden ("wrong name or password")
    /// otherwise, taking as long for an unknown name as for a wrong password.
    [[nodiscard]] Result<StaffMember> verify(std::string_view name, std::string_view password);
    [[nodiscard]] Result<StaffMember> byId(std::int64_t id);
    /// Every staff member, by name.
    [[nodiscard]] Result<std::vector<StaffMember>> all();

  private:
    db::Database& db_;
};

}  // namespace masthead::identity
