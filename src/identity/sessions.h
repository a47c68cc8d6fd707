#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "db/shared_connection.h"
#include "identity/login_state_store.h"
#include "identity/reader.h"
#include "identity/session_store.h"
#include "identity/staff_store.h"
#include "util/clock.h"

namespace masthead::identity {

struct SessionOptions {
    /// A session ends after this long without a visit (sliding expiry).
    std::chrono::seconds idle_lifetime = std::chrono::hours(24 * 30);
    /// How long a started login may take at the provider.
    std::chrono::seconds login_lifetime = std::chrono::minutes(10);
};

/// Who a request comes from, as far as its session cookie says.
struct SignedIn {
    SessionRow session;
    std::optional<Reader> reader;      ///< set for a reader's session
    std::optional<StaffMember> staff;  ///< set for a staff member's session
    std::string csrf_token;            ///< for the forms this session may post
};

/// A login begun at a provider and not finished yet (OAuth `state` and what goes with it).

/// Sessions of readers and staff: random 256-bit ids in cookies, SHA-256 of them in the
/// database, sliding expiry, rotation at login, and CSRF tokens derived from the session
/// (or, before login, from a random pre-session cookie). Thread-safe.
class Sessions {
  public:
    /// `secret`: the site's signing secret (siteSecret(db, "csrf")).
    Sessions(db::SharedConnection& db, const Clock& clock, std::string secret,
             SessionOptions options = {})
        : db_(db), clock_(clock), secret_(std::move(secret)), options_(options) {}

    /// Starts a session for a reader or a staff member (exactly one non-zero) and ends
    /// `previous` if given (rotation at login). Returns the cookie value.
    [[nodiscard]] Result<std::string> open(std::int64_t reader_id, std::int64_t staff_id,
                                           std::string_view previous = {});
    /// The session behind a cookie value, or nullopt when unknown or expired. Extends the
    /// session when less than its idle lifetime minus a day remains (one write a day).
    [[nodiscard]] Result<std::optional<SignedIn>> lookup(std::string_view cookie_value);
    [[nodiscard]] Result<void> close(std::string_view cookie_value);
    /// Drops what is cached of one session (or, without a cookie value, of every session),
    /// so the next lookup reads the database: after a ban, an erasure, the policy accepted.
    void forget(std::string_view cookie_value = {});

    /// The CSRF token of a session's forms.
    [[nodiscard]] std::string csrfToken(std::string_view cookie_value) const;
    /// The CSRF token of a form shown before login, bound to the pre-session cookie.
    [[nodiscard]] std::string preSessionToken(std::string_view pre_cookie) const;
    [[nodiscard]] bool checkCsrf(std::string_view cookie_value, std::string_view token) const;
    [[nodiscard]] bool checkPreSession(std::string_view pre_cookie, std::string_view token) const;
    /// A keyed hash of a network address: per-address limits without keeping the address.
    [[nodiscard]] std::string originKey(std::string_view address) const;

    /// Keeps a started login under its state; returns the state to send to the provider.
    [[nodiscard]] Result<void> saveLogin(std::string_view state, const LoginState& login);
    /// The login saved under `state`, removed so it cannot be replayed; nullopt when unknown,
    /// used already or older than login_lifetime.
    [[nodiscard]] Result<std::optional<LoginState>> takeLogin(std::string_view state);

    [[nodiscard]] std::chrono::seconds idleLifetime() const { return options_.idle_lifetime; }

  private:
    [[nodiscard]] std::int64_t now() const {
        return std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch())
            .count();
    }

    db::SharedConnection& db_;
    const Clock& clock_;
    std::string secret_;
    SessionOptions options_;
    /// When expired sessions were last deleted (at most hourly, by whoever opens one).
    std::atomic<std::int64_t> last_cleanup_{0};

    /// Sessions looked up in the last few seconds, by hash: a signed-in reader's pages do not
    /// each query the database. A logout or a ban takes effect on this node at once (close()
    /// and forget()), on other nodes within kCacheSeconds.
    static constexpr std::int64_t kCacheSeconds = 10;
    struct Cached {
        SignedIn who;
        std::int64_t fetched_at = 0;
    };
    std::mutex cache_mutex_;
    std::unordered_map<std::string, Cached> cache_;
};

}  // namespace masthead::identity
