#include "identity/sessions.h"

#include "identity/reader_store.h"
#include "identity/secrets.h"

namespace masthead::identity {
namespace {

// Cookie values are 32 random bytes in base64url: 43 characters.
constexpr std::size_t kCookieLength = 43;

bool plausibleToken(std::string_view v) {
    if (v.size() != kCookieLength) {
        return false;
    }
    for (char c : v) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) {
            return false;
        }
    }
    return true;
}

}  // namespace

Result<std::string> Sessions::open(std::int64_t reader_id, std::int64_t staff_id,
                                   std::string_view previous) {
    std::string value = randomToken(32);  // not const: returned, so moved
    const std::int64_t t = now();
    SessionRow row{.id_hash = sha256Hex(value),
                   .reader_id = reader_id,
                   .staff_id = staff_id,
                   .created_at = t,
                   .expires_at = t + options_.idle_lifetime.count()};
    auto done = db_.with([&](db::Database& db) -> Result<void> {
        return db::inTransaction(db, [&](db::Database& tx) -> Result<void> {
            SessionStore store(tx);
            std::int64_t last = last_cleanup_.load();
            if (t - last >= 3600 && last_cleanup_.compare_exchange_strong(last, t)) {
                if (auto r = store.removeExpired(t); !r) {
                    return fail(r.error());
                }
            }
            if (plausibleToken(previous)) {
                if (auto r = store.remove(sha256Hex(previous)); !r) {
                    return r;
                }
            }
            return store.insert(row);
        });
    });
    if (!done) {
        return fail(done.error());
    }
    return value;
}

Result<std::optional<SignedIn>> Sessions::lookup(std::string_view cookie_value) {
    if (!plausibleToken(cookie_value)) {
        return std::optional<SignedIn>();
    }
    const std::string hash = sha256Hex(cookie_value);
    const std::int64_t t = now();
    {
        const std::lock_guard lock(cache_mutex_);
        if (auto it = cache_.find(hash); it != cache_.end()) {
            if (t - it->second.fetched_at < kCacheSeconds &&
                it->second.who.session.expires_at > t) {
                return std::optional<SignedIn>(it->second.who);
            }
            cache_.erase(it);
        }
    }
    const std::int64_t refresh_after = options_.idle_lifetime.count() - (std::int64_t{24} * 3600);
    auto found = db_.with([&](db::Database& db) -> Result<std::optional<SignedIn>> {
        SessionStore store(db);
        auto row = store.find(hash, t);
        if (!row) {
            return fail(row.error());
        }
        if (!*row) {
            return std::optional<SignedIn>();
        }
        SignedIn who{.session = **row,
                     .reader = std::nullopt,
                     .staff = std::nullopt,
                     .csrf_token = csrfToken(cookie_value)};
        if (who.session.expires_at - t < refresh_after) {
            const std::int64_t expires = t + options_.idle_lifetime.count();
            if (auto r = store.extend(hash, expires); !r) {
                return fail(r.error());
            }
            who.session.expires_at = expires;
        }
        if (who.session.reader_id != 0) {
            auto reader = ReaderStore(db).byId(who.session.reader_id);
            if (!reader) {
                return fail(reader.error());
            }
            who.reader = std::move(*reader);
        }
        if (who.session.staff_id != 0) {
            auto staff = StaffStore(db).byId(who.session.staff_id);
            if (!staff) {
                return fail(staff.error());
            }
            who.staff = std::move(*staff);
        }
        return std::optional<SignedIn>(std::move(who));
    });
    if (found && *found) {
        const std::lock_guard lock(cache_mutex_);
        if (cache_.size() >= 100'000) {
            cache_.clear();
        }
        cache_[hash] = Cached{**found, t};
    }
    return found;
}

void Sessions::forget(std::string_view cookie_value) {
    const std::string hash = cookie_value.empty() ? std::string() : sha256Hex(cookie_value);
    const std::lock_guard lock(cache_mutex_);
    if (hash.empty()) {
        cache_.clear();
    } else {
        cache_.erase(hash);
    }
}

Result<void> Sessions::close(std::string_view cookie_value) {
    if (!plausibleToken(cookie_value)) {
        return {};
    }
    const std::string hash = sha256Hex(cookie_value);
    {
        const std::lock_guard lock(cache_mutex_);
        cache_.erase(hash);
    }
    return db_.with([&](db::Database& db) { return SessionStore(db).remove(hash); });
}

std::string Sessions::csrfToken(std::string_view cookie_value) const {
    return hmacToken(secret_, "session-csrf|" + sha256Hex(cookie_value));
}

std::string Sessions::preSessionToken(std::string_view pre_cookie) const {
    return hmacToken(secret_, "pre-session-csrf|" + std::string(pre_cookie));
}

bool Sessions::checkCsrf(std::string_view cookie_value, std::string_view token) const {
    return plausibleToken(cookie_value) && equalTokens(csrfToken(cookie_value), token);
}

bool Sessions::checkPreSession(std::string_view pre_cookie, std::string_view token) const {
    return plausibleToken(pre_cookie) && equalTokens(preSessionToken(pre_cookie), token);
}

std::string Sessions::originKey(std::string_view address) const {
    return hmacToken(secret_, "origin|" + std::string(address)).substr(0, 22);
}

Result<void> Sessions::saveLogin(std::string_view state, const LoginState& login) {
    const std::int64_t t = now();
    const std::string hash = sha256Hex(state);
    LoginState stored = login;
    stored.created_at = t;
    return db_.with([&](db::Database& db) -> Result<void> {
        LoginStateStore store(db);
        // Forgotten logins (readers who never came back from the provider) go as new ones
        // arrive.
        if (auto r = store.removeStartedBy(t - options_.login_lifetime.count()); !r) {
            return r;
        }
        return store.insert(hash, stored);
    });
}

Result<std::optional<LoginState>> Sessions::takeLogin(std::string_view state) {
    if (state.empty() || state.size() > 200) {
        return std::optional<LoginState>();
    }
    const std::int64_t t = now();
    const std::string hash = sha256Hex(state);
    auto taken = db_.with([&](db::Database& db) { return LoginStateStore(db).take(hash); });
    if (!taken || !*taken) {
        return taken;
    }
    if ((*taken)->created_at <= t - options_.login_lifetime.count()) {
        return std::optional<LoginState>();
    }
    return taken;
}

}  // namespace masthead::identity
