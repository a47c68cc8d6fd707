#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "db/database.h"
#include "util/error.h"

namespace masthead::identity {

/// A login in progress: what the reader's browser must bring back from the provider.
struct LoginState {
    std::string provider;
    std::string nonce;
    std::string code_verifier;
    std::string return_to;
    std::int64_t created_at = 0;  ///< Unix seconds
};

/// Logins in progress in SQL (table login_states), by a hash of their `state`. Not
/// thread-safe (one connection); Sessions serialises access.
class LoginStateStore {
  public:
    explicit LoginStateStore(db::Database& db) : db_(db) {}

    [[nodiscard]] Result<void> insert(const std::string& state_hash, const LoginState& login);
    /// The login with this hash, deleted as it is read (a state is good once); nullopt when
    /// there is none.
    [[nodiscard]] Result<std::optional<LoginState>> take(const std::string& state_hash);
    /// Deletes logins started at or before `before` (readers who never came back).
    [[nodiscard]] Result<void> removeStartedBy(std::int64_t before);

  private:
    db::Database& db_;
};

}  // namespace masthead::identity
