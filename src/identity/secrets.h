#pragma once

#include <string>
#include <string_view>

#include "db/database.h"
#include "util/error.h"

namespace masthead::identity {

/// The site's named secret (32 random bytes, hex), made on first use and kept in the database
/// so that every node behind a load balancer, and the next start, signs the same way.
[[nodiscard]] Result<std::string> siteSecret(db::Database& db, std::string_view name);

/// `bytes` random bytes from libsodium as base64url without padding: session ids, OAuth
/// state, nonces, PKCE verifiers.
[[nodiscard]] std::string randomToken(std::size_t bytes = 32);

/// SHA-256 of `s` as 64 lowercase hex digits (what the database keeps of a session id).
[[nodiscard]] std::string sha256Hex(std::string_view s);

/// HMAC-SHA-256 of `message` under `key`, base64url without padding.
[[nodiscard]] std::string hmacToken(std::string_view key, std::string_view message);

/// Compares two strings in time that depends only on their lengths.
[[nodiscard]] bool equalTokens(std::string_view a, std::string_view b);

}  // namespace masthead::identity
