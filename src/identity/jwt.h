#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.h"

namespace masthead::identity {

/// `bytes` as base64url without padding (RFC 4648 section 5, as JOSE and PKCE use it).
[[nodiscard]] std::string base64UrlEncode(std::string_view bytes);

/// Decodes base64url, with or without padding. nullopt for any other character, a bad
/// length, or non-zero padding bits.
[[nodiscard]] std::optional<std::string> base64UrlDecode(std::string_view text);

/// A compact JWS split into its parts (RFC 7515 section 7.1), not yet verified.
struct Jws {
    nlohmann::json header;      ///< a JSON object
    nlohmann::json payload;     ///< a JSON object
    std::string signing_input;  ///< "HEADER.PAYLOAD" exactly as received
    std::string signature;      ///< decoded bytes
};

/// Splits and decodes "HEADER.PAYLOAD.SIGNATURE". kInvalidInput when there are not three
/// parts, a part is not base64url, or the header or payload is not a JSON object.
[[nodiscard]] Result<Jws> parseJws(std::string_view token);

/// What an id_token must say for this login (OpenID Connect Core 1.0 section 3.1.3.7).
struct IdTokenExpectations {
    std::string issuer;        ///< exact match of "iss"
    std::string other_issuer;  ///< also accepted when not empty (Google: "accounts.google.com")
    std::string audience;      ///< our client_id: must be in "aud" (and be "azp" if present)
    std::string nonce;         ///< must equal "nonce" when not empty
    std::int64_t now = 0;      ///< Unix seconds, from the caller's clock
    std::int64_t leeway = 60;  ///< seconds of clock difference tolerated on exp, iat and nbf
};

/// Verifies an id_token's signature with a key of `jwks` (a JWK Set, RFC 7517) and checks its
/// claims; returns the payload. RS256, PS256 and ES256 are accepted; "none" and HS* are not.
///
/// Failures have a short lowercase message that completes "... did not confirm the login: "
/// ("the answer was signed with an unknown key") and the specifics in `detail`. Every failure
/// is kInvalidInput except one: a key id that `jwks` does not hold is kNotFound, so that the
/// caller can fetch the key set again (providers rotate keys) and retry once.
/// Pure function: thread-safe.
[[nodiscard]] Result<nlohmann::json> verifyIdToken(std::string_view token,
                                                   const nlohmann::json& jwks,
                                                   const IdTokenExpectations& expect);

}  // namespace masthead::identity
