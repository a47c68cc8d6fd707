#include "identity/login_state_store.h"

namespace masthead::identity {

Result<void> LoginStateStore::insert(const std::string& state_hash, const LoginState& login) {
    auto r = db_.execute(
        "INSERT INTO login_states (state_hash, provider, nonce, code_verifier, return_to, "
        "created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        {state_hash, login.provider, login.nonce, login.code_verifier, login.return_to,
         login.created_at});
    if (!r) {
        return fail(r.error());
    }
    return {};
}

Result<std::optional<LoginState>> LoginStateStore::take(const std::string& state_hash) {
    auto rows = db_.query(
        "SELECT provider, nonce, code_verifier, return_to, created_at FROM login_states "
        "WHERE state_hash = $1",
        {state_hash});
    if (!rows) {
        return fail(rows.error());
    }
    if (rows->empty()) {
        return std::optional<LoginState>();
    }
    if (auto r = db_.execute("DELETE FROM login_states WHERE state_hash = $1", {state_hash}); !r) {
        return fail(r.error());
    }
    const db::Row& row = rows->front();
    return std::optional<LoginState>(LoginState{.provider = row.text(0),
                                                .nonce = row.text(1),
                                                .code_verifier = row.text(2),
                                                .return_to = row.text(3),
                                                .created_at = row.integer(4)});
}

Result<void> LoginStateStore::removeStartedBy(std::int64_t before) {
    if (auto r = db_.execute("DELETE FROM login_states WHERE created_at <= $1", {before}); !r) {
        return fail(r.error());
    }
    return {};
}

}  // namespace masthead::identity
