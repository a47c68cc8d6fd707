#include "identity/jwt.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <array>
#include <memory>
#include <vector>

namespace masthead::identity {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr int kMinRsaBits = 2048;
constexpr std::size_t kP256CoordinateBytes = 32;

struct OpenSslDeleter {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
    void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
    void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
    void operator()(BIGNUM* p) const { BN_free(p); }
    void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, OpenSslDeleter>;

enum class Family { kRsa, kRsaPss, kEcP256 };

std::unexpected<Error> rejected(std::string message, std::string detail) {
    return fail(Error::invalidInput(std::move(message), std::move(detail)));
}

const unsigned char* bytesOf(const std::string& s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

/// A base64url member of a JWK, decoded; empty when absent or malformed.
std::string jwkBytes(const nlohmann::json& jwk, const char* name) {
    const auto it = jwk.find(name);
    if (it == jwk.end() || !it->is_string()) {
        return {};
    }
    return base64UrlDecode(it->get_ref<const std::string&>()).value_or(std::string());
}

std::string jwkText(const nlohmann::json& jwk, const char* name) {
    const auto it = jwk.find(name);
    return it != jwk.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<Owned<EVP_PKEY>> keyFromParams(const char* type, OSSL_PARAM_BLD* builder) {
    Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(builder));
    Owned<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* key = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
        return rejected("the provider's signing key could not be used",
                        std::string("OpenSSL could not build the ") + type + " key");
    }
    return Owned<EVP_PKEY>(key);
}

Result<Owned<EVP_PKEY>> rsaKey(const nlohmann::json& jwk) {
    const std::string n = jwkBytes(jwk, "n");
    const std::string e = jwkBytes(jwk, "e");
    if (n.empty() || e.empty()) {
        return rejected("the provider's signing key could not be used",
                        "RSA key without n or e (kid \"" + jwkText(jwk, "kid") + "\")");
    }
    Owned<BIGNUM> bn_n(BN_bin2bn(bytesOf(n), static_cast<int>(n.size()), nullptr));
    Owned<BIGNUM> bn_e(BN_bin2bn(bytesOf(e), static_cast<int>(e.size()), nullptr));
    Owned<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
    if (!bn_n || !bn_e || !builder ||
        OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
        return rejected("the provider's signing key could not be used", "RSA parameters");
    }
    auto key = keyFromParams("RSA", builder.get());
    if (key && EVP_PKEY_get_bits(key->get()) < kMinRsaBits) {
        return rejected("the provider's signing key is too weak",
                        "RSA key of " + std::to_string(EVP_PKEY_get_bits(key->get())) + " bits");
    }
    return key;
}

Result<Owned<EVP_PKEY>> ecKey(const nlohmann::json& jwk) {
    const std::string x = jwkBytes(jwk, "x");
    const std::string y = jwkBytes(jwk, "y");
    if (jwkText(jwk, "crv") != "P-256" || x.size() != kP256CoordinateBytes ||
        y.size() != kP256CoordinateBytes) {
        return rejected("the provider's signing key could not be used",
                        "EC key is not a valid P-256 key (kid \"" + jwkText(jwk, "kid") + "\")");
    }
    // SEC 1 uncompressed point: 0x04 || X || Y.
    std::string point = "\x04" + x + y;
    Owned<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
    if (!builder ||
        OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1",
                                        0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                         point.size()) != 1) {
        return rejected("the provider's signing key could not be used", "EC parameters");
    }
    return keyFromParams("EC", builder.get());
}

/// JOSE's raw R || S (32 bytes each) as the DER ECDSA-Sig-Value OpenSSL verifies.
std::optional<std::string> ecdsaDer(const std::string& raw) {
    if (raw.size() != 2 * kP256CoordinateBytes) {
        return std::nullopt;
    }
    const auto* p = bytesOf(raw);
    Owned<ECDSA_SIG> sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(p, kP256CoordinateBytes, nullptr);
    BIGNUM* s = BN_bin2bn(p + kP256CoordinateBytes, kP256CoordinateBytes, nullptr);
    if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return std::nullopt;
    }
    const int length = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (length <= 0) {
        return std::nullopt;
    }
    std::string der(static_cast<std::size_t>(length), '\0');
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    i2d_ECDSA_SIG(sig.get(), &out);
    return der;
}

bool signatureMatches(Family family, EVP_PKEY* key, const std::string& input,
                      const std::string& signature) {
    std::string sig = signature;
    if (family == Family::kEcP256) {
        auto der = ecdsaDer(signature);
        if (!der) {
            return false;
        }
        sig = std::move(*der);
    }
    Owned<EVP_MD_CTX> md(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;  // owned by md
    if (!md || EVP_DigestVerifyInit(md.get(), &pctx, EVP_sha256(), nullptr, key) != 1) {
        return false;
    }
    if (family == Family::kRsaPss &&
        (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1)) {
        return false;
    }
    return EVP_DigestVerify(md.get(), bytesOf(sig), sig.size(), bytesOf(input), input.size()) == 1;
}

bool keyFits(const nlohmann::json& jwk, Family family, const std::string& alg) {
    if (!jwk.is_object()) {
        return false;
    }
    const std::string kty = jwkText(jwk, "kty");
    const std::string key_alg = jwkText(jwk, "alg");
    const std::string use = jwkText(jwk, "use");
    if ((!key_alg.empty() && key_alg != alg) || (!use.empty() && use != "sig")) {
        return false;
    }
    return family == Family::kEcP256 ? kty == "EC" : kty == "RSA";
}

Result<void> checkSignature(const Jws& jws, const nlohmann::json& jwks) {
    const auto alg_it = jws.header.find("alg");
    const std::string alg =
        alg_it != jws.header.end() && alg_it->is_string() ? alg_it->get<std::string>() : "";
    Family family = Family::kRsa;
    if (alg == "RS256") {
        family = Family::kRsa;
    } else if (alg == "PS256") {
        family = Family::kRsaPss;
    } else if (alg == "ES256") {
        family = Family::kEcP256;
    } else if (alg.empty() || alg == "none") {
        return rejected("the answer was not signed", "alg \"" + alg + "\"");
    } else if (alg.starts_with("HS")) {
        return rejected("the answer was signed with a shared secret, which is not accepted",
                        "alg \"" + alg + "\"");
    } else {
        return rejected("the answer was signed in a way that is not supported",
                        "alg \"" + alg + "\"");
    }
    if (jws.header.contains("crit")) {
        return rejected("the answer was signed in a way that is not supported",
                        "header has \"crit\"");
    }
    const auto kid_it = jws.header.find("kid");
    const bool has_kid = kid_it != jws.header.end() && kid_it->is_string();
    const std::string kid = has_kid ? kid_it->get<std::string>() : "";
    const auto keys_it = jwks.is_object() ? jwks.find("keys") : jwks.end();
    std::vector<const nlohmann::json*> candidates;
    if (keys_it != jwks.end() && keys_it->is_array()) {
        for (const auto& jwk : *keys_it) {
            if (keyFits(jwk, family, alg) && (!has_kid || jwkText(jwk, "kid") == kid)) {
                candidates.push_back(&jwk);
            }
        }
    }
    if (candidates.empty()) {
        return fail(Error::notFound(
            "the answer was signed with an unknown key",
            has_kid ? "no " + alg + " key with kid \"" + kid + "\" in the provider's key set"
                    : "no " + alg + " key in the provider's key set"));
    }
    std::string unusable;
    for (const auto* jwk : candidates) {
        auto key = family == Family::kEcP256 ? ecKey(*jwk) : rsaKey(*jwk);
        if (!key) {
            unusable = key.error().detail;
            continue;
        }
        if (signatureMatches(family, key->get(), jws.signing_input, jws.signature)) {
            return {};
        }
    }
    if (!unusable.empty() && candidates.size() == 1) {
        return rejected("the provider's signing key could not be used", unusable);
    }
    return rejected("the answer's signature does not match",
                    alg + " signature does not verify with kid \"" + kid + "\"");
}

std::optional<std::int64_t> numericClaim(const nlohmann::json& payload, const char* name) {
    const auto it = payload.find(name);
    if (it == payload.end() || !it->is_number()) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(it->get<double>());
}

std::string textClaim(const nlohmann::json& payload, const char* name) {
    const auto it = payload.find(name);
    return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<void> checkClaims(const nlohmann::json& claims, const IdTokenExpectations& expect) {
    const std::string iss = textClaim(claims, "iss");
    if (iss.empty() ||
        (iss != expect.issuer && (expect.other_issuer.empty() || iss != expect.other_issuer))) {
        return rejected("the answer came from another issuer",
                        "iss \"" + iss + "\", expected \"" + expect.issuer + "\"");
    }
    const auto aud = claims.find("aud");
    std::vector<std::string> audiences;
    if (aud != claims.end() && aud->is_string()) {
        audiences.push_back(aud->get<std::string>());
    } else if (aud != claims.end() && aud->is_array()) {
        for (const auto& a : *aud) {
            if (a.is_string()) {
                audiences.push_back(a.get<std::string>());
            }
        }
    }
    if (std::ranges::find(audiences, expect.audience) == audiences.end()) {
        return rejected("the answer was meant for another site",
                        "aud does not contain \"" + expect.audience + "\"");
    }
    const std::string azp = textClaim(claims, "azp");
    if ((audiences.size() > 1 || !azp.empty()) && azp != expect.audience) {
        return rejected("the answer was meant for another site",
                        "azp \"" + azp + "\", expected \"" + expect.audience + "\"");
    }
    const auto exp = numericClaim(claims, "exp");
    if (!exp) {
        return rejected("the answer could not be read", "no numeric exp claim");
    }
    if (expect.now > *exp + expect.leeway) {
        return rejected("the answer has expired",
                        "exp " + std::to_string(*exp) + ", now " + std::to_string(expect.now));
    }
    const auto iat = numericClaim(claims, "iat");
    if (!iat) {
        return rejected("the answer could not be read", "no numeric iat claim");
    }
    const auto nbf = numericClaim(claims, "nbf");
    if (*iat > expect.now + expect.leeway || (nbf && *nbf > expect.now + expect.leeway)) {
        return rejected("the answer is dated in the future",
                        "iat " + std::to_string(*iat) + ", now " + std::to_string(expect.now));
    }
    if (!expect.nonce.empty() && textClaim(claims, "nonce") != expect.nonce) {
        return rejected("the answer does not belong to this login attempt", "nonce mismatch");
    }
    if (textClaim(claims, "sub").empty()) {
        return rejected("the answer does not name an account", "no sub claim");
    }
    return {};
}

Result<nlohmann::json> jsonObject(const std::string& text, const char* part) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
        return rejected("the answer could not be read",
                        std::string("the JWS ") + part + " is not a JSON object");
    }
    return parsed;
}

}  // namespace

std::string base64UrlEncode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    std::size_t i = 0;
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
    for (; i + 3 <= bytes.size(); i += 3) {
        const unsigned v = (at(i) << 16U) | (at(i + 1) << 8U) | at(i + 2);
        out += kAlphabet[(v >> 18U) & 63U];
        out += kAlphabet[(v >> 12U) & 63U];
        out += kAlphabet[(v >> 6U) & 63U];
        out += kAlphabet[v & 63U];
    }
    if (bytes.size() - i == 1) {
        const unsigned v = at(i) << 16U;
        out += kAlphabet[(v >> 18U) & 63U];
        out += kAlphabet[(v >> 12U) & 63U];
    } else if (bytes.size() - i == 2) {
        const unsigned v = (at(i) << 16U) | (at(i + 1) << 8U);
        out += kAlphabet[(v >> 18U) & 63U];
        out += kAlphabet[(v >> 12U) & 63U];
        out += kAlphabet[(v >> 6U) & 63U];
    }
    return out;
}

std::optional<std::string> base64UrlDecode(std::string_view text) {
    while (text.ends_with('=')) {
        text.remove_suffix(1);
    }
    if (text.size() % 4 == 1) {
        return std::nullopt;
    }
    std::string out;
    out.reserve(text.size() * 3 / 4);
    unsigned buffer = 0;
    unsigned bits = 0;
    for (const char c : text) {
        const auto index = kAlphabet.find(c);
        if (index == std::string_view::npos) {
            return std::nullopt;
        }
        buffer = (buffer << 6U) | static_cast<unsigned>(index);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFFU);
        }
    }
    if ((buffer & ((1U << bits) - 1U)) != 0) {
        return std::nullopt;  // the unused low bits must be zero (canonical encoding)
    }
    return out;
}

Result<Jws> parseJws(std::string_view token) {
    const auto first = token.find('.');
    const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
        return rejected("the answer could not be read", "an id_token has three parts");
    }
    const auto header = base64UrlDecode(token.substr(0, first));
    const auto payload = base64UrlDecode(token.substr(first + 1, second - first - 1));
    const auto signature = base64UrlDecode(token.substr(second + 1));
    if (!header || !payload || !signature) {
        return rejected("the answer could not be read", "a JWS part is not base64url");
    }
    auto header_json = jsonObject(*header, "header");
    if (!header_json) {
        return fail(header_json.error());
    }
    auto payload_json = jsonObject(*payload, "payload");
    if (!payload_json) {
        return fail(payload_json.error());
    }
    return Jws{std::move(*header_json), std::move(*payload_json),
               std::string(token.substr(0, second)), *signature};
}

Result<nlohmann::json> verifyIdToken(std::string_view token, const nlohmann::json& jwks,
                                     const IdTokenExpectations& expect) {
    auto jws = parseJws(token);
    if (!jws) {
        return fail(jws.error());
    }
    if (auto signed_ok = checkSignature(*jws, jwks); !signed_ok) {
        return fail(signed_ok.error());
    }
    if (auto claims_ok = checkClaims(jws->payload, expect); !claims_ok) {
        return fail(claims_ok.error());
    }
    return std::move(jws->payload);
}

}  // namespace masthead::identity
