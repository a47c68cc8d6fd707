#include "identity/staff_store.h"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "util/check.h"

namespace masthead::identity {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 3> kRoles{{
    {Role::kModerator, "moderator"},
    {Role::kEditor, "editor"},
    {Role::kAdmin, "admin"},
}};

constexpr std::size_t kMinPassword = 12;
constexpr std::size_t kMaxPassword = 1024;

bool validName(std::string_view name) {
    return name.size() >= 2 && name.size() <= 32 && std::ranges::all_of(name, [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                      c == '-';
           });
}

std::string hashPassword(std::string_view password) {
    MASTHEAD_CHECK(sodium_init() >= 0, "libsodium initialises");
    std::array<char, crypto_pwhash_STRBYTES> out{};
    MASTHEAD_CHECK(crypto_pwhash_str(out.data(), password.data(), password.size(),
                                     crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                     crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0,
                   "argon2id has the memory it needs");
    return {out.data()};
}

StaffMember memberOf(const db::Row& row) {
    return StaffMember{row.integer(0), row.text(1),
                       parseRole(row.text(2)).value_or(Role::kModerator)};
}

}  // namespace

std::string_view toString(Role role) {
    for (const auto& [r, name] : kRoles) {
        if (r == role) {
            return name;
        }
    }
    return "moderator";
}

std::optional<Role> parseRole(std::string_view s) {
    for (const auto& [role, name] : kRoles) {
        if (name == s) {
            return role;
        }
    }
    return std::nullopt;
}

Result<StaffMember> StaffStore::add(const std::string& name, Role role, std::string_view password,
                                    std::int64_t now) {
    if (!validName(name)) {
        return fail(Error::invalidInput("A staff name is 2 to 32 of a-z, 0-9, '.', '_' or '-'."));
    }
    if (password.size() < kMinPassword || password.size() > kMaxPassword) {
        return fail(Error::invalidInput("A staff password has at least " +
                                        std::to_string(kMinPassword) + " characters."));
    }
    auto rows = db_.query(
        "INSERT INTO staff (name, role, password_hash, created_at) VALUES ($1, $2, $3, $4) "
        "RETURNING id",
        {name, std::string(toString(role)), hashPassword(password), now});
    if (!rows) {
        if (rows.error().code == ErrorCode::kConflict) {
            return fail(Error::conflict("There is already a staff member called " + name + "."));
        }
        return fail(rows.error());
    }
    return StaffMember{rows->front().integer(0), name, role};
}

Result<StaffMember> StaffStore::verify(std::string_view name, std::string_view password) {
    const Error wrong = Error::forbidden("Wrong name or password.");
    if (password.size() > kMaxPassword) {
        return fail(wrong);
    }
    auto rows = db_.query("SELECT id, name, role, password_hash FROM staff WHERE name = $1",
                          {std::string(name)});
    if (!rows) {
        return fail(rows.error());
    }
    MASTHEAD_CHECK(sodium_init() >= 0, "libsodium initialises");
    if (rows->empty()) {
        // The same work as a real check, so timing does not tell which names exist.
        static const std::string dummy = hashPassword("masthead-no-such-staff-member");
        if (crypto_pwhash_str_verify(dummy.c_str(), password.data(), password.size()) == 0) {
            return fail(wrong);  // cannot happen: nobody's password is the dummy's
        }
        return fail(wrong);
    }
    const std::string hash = rows->front().text(3);
    if (crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) != 0) {
        return fail(wrong);
    }
    return memberOf(rows->front());
}

Result<StaffMember> StaffStore::byId(std::int64_t id) {
    auto rows = db_.query("SELECT id, name, role FROM staff WHERE id = $1", {id});
    if (!rows) {
        return fail(rows.error());
    }
    if (rows->empty()) {
        return fail(Error::notFound("There is no staff member " + std::to_string(id) + "."));
    }
    return memberOf(rows->front());
}

Result<std::vector<StaffMember>> StaffStore::all() {
    auto rows = db_.query("SELECT id, name, role FROM staff ORDER BY name");
    if (!rows) {
        return fail(rows.error());
    }
    std::vector<StaffMember> out;
    out.reserve(rows->size());
    for (const db::Row& row : *rows) {
        out.push_back(memberOf(row));
    }
    return out;
}

}  // namespace masthead::identity
