#include "identity/reader_store.h"

#include "identity/secrets.h"

namespace masthead::identity {
namespace {

constexpr std::string_view kColumns =
    "id, provider, subject, display_name, avatar_url, created_at, policy_accepted_at, "
    "banned_until, ban_reason";

Reader readerOf(const db::Row& row) {
    Reader r;
    r.id = row.integer(0);
    r.provider = row.text(1);
    r.subject = row.text(2);
    r.display_name = row.text(3);
    r.avatar_url = row.text(4);
    r.created_at = row.integer(5);
    if (!row.isNull(6)) {
        r.policy_accepted_at = row.integer(6);
    }
    if (!row.isNull(7)) {
        r.banned_until = row.integer(7);
    }
    r.ban_reason = row.text(8);
    return r;
}

}  // namespace

Result<Reader> ReaderStore::upsert(const ExternalProfile& profile, std::int64_t now) {
    if (profile.provider.empty() || profile.subject.empty()) {
        return fail(Error::invalidInput("The login provider did not say who you are."));
    }
    // Names are shown everywhere: no control characters (they could also pass for the
    // markers of rendered pages).
    std::string name = profile.display_name;
    for (char& c : name) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            c = ' ';
        }
    }
    auto changed = db_.execute(
        "INSERT INTO readers (provider, subject, display_name, avatar_url, created_at, "
        "last_login_at) VALUES ($1, $2, $3, $4, $5, $5) "
        "ON CONFLICT (provider, subject) DO UPDATE SET display_name = excluded.display_name, "
        "avatar_url = excluded.avatar_url, last_login_at = excluded.last_login_at",
        {profile.provider, profile.subject, name, profile.avatar_url, now});
    if (!changed) {
        return fail(changed.error());
    }
    auto rows = db_.query(std::string("SELECT ") + std::string(kColumns) +
                              " FROM readers WHERE provider = $1 AND subject = $2",
                          {profile.provider, profile.subject});
    if (!rows) {
        return fail(rows.error());
    }
    return readerOf(rows->front());
}

Result<Reader> ReaderStore::byId(std::int64_t id) {
    auto rows = db_.query(
        std::string("SELECT ") + std::string(kColumns) + " FROM readers WHERE id = $1", {id});
    if (!rows) {
        return fail(rows.error());
    }
    if (rows->empty()) {
        return fail(Error::notFound("There is no reader " + std::to_string(id) + "."));
    }
    return readerOf(rows->front());
}

Result<void> ReaderStore::acceptPolicy(std::int64_t id, std::int64_t now) {
    auto changed = db_.execute(
        "UPDATE readers SET policy_accepted_at = $2 WHERE id = $1 AND policy_accepted_at IS NULL",
        {id, now});
    if (!changed) {
        return fail(changed.error());
    }
    return {};
}

Result<void> ReaderStore::setBan(std::int64_t id, std::optional<std::int64_t> until,
                                 const std::string& reason) {
    auto changed = db_.execute(
        "UPDATE readers SET banned_until = $2, ban_reason = $3 WHERE id = $1",
        {id, until ? db::Value(*until) : db::Value(nullptr), until ? reason : std::string()});
    if (!changed) {
        return fail(changed.error());
    }
    if (*changed == 0) {
        return fail(Error::notFound("There is no reader " + std::to_string(id) + "."));
    }
    return {};
}

Result<std::vector<Reader>> ReaderStore::search(std::string_view name, std::size_t limit) {
    // LIKE with its wildcards escaped (portable, where instr() is SQLite's own).
    std::string pattern = "%";
    for (char c : name) {
        if (c == '%' || c == '_' || c == '\\') {
            pattern += '\\';
        }
        pattern += c;
    }
    pattern += '%';
    auto rows = db_.query(std::string("SELECT ") + std::string(kColumns) +
                              " FROM readers WHERE lower(display_name) LIKE lower($1) ESCAPE "
                              "'\\' AND provider <> 'erased' ORDER BY id DESC LIMIT $2",
                          {pattern, static_cast<std::int64_t>(limit)});
    if (!rows) {
        return fail(rows.error());
    }
    std::vector<Reader> out;
    out.reserve(rows->size());
    for (const db::Row& row : *rows) {
        out.push_back(readerOf(row));
    }
    return out;
}

Result<void> ReaderStore::erase(std::int64_t id, Erasure how) {
    if (auto r = db_.execute("DELETE FROM sessions WHERE reader_id = $1", {id}); !r) {
        return fail(r.error());
    }
    Result<std::int64_t> done = 0;
    switch (how) {
        case Erasure::kDelete:
            done = db_.execute("DELETE FROM readers WHERE id = $1", {id});
            break;
        case Erasure::kNameless:
            done = db_.execute(
                "UPDATE readers SET display_name = '', avatar_url = '' WHERE id = $1", {id});
            break;
        case Erasure::kAnonymous:
            done = db_.execute(
                "UPDATE readers SET provider = 'erased', subject = $2, display_name = '', "
                "avatar_url = '', policy_accepted_at = NULL, ban_reason = '' WHERE id = $1",
                {id, randomToken(16)});
            break;
    }
    if (!done) {
        return fail(done.error());
    }
    return {};
}

}  // namespace masthead::identity
