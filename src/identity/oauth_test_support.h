#pragma once

// Test helpers: signing keys made by OpenSSL at run time, their public JWKs, and id_tokens
// signed with them, so that id_token checks are tested without any provider.

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <array>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "identity/jwt.h"

namespace masthead::identity::testing {

/// An RSA (2048-bit) or P-256 key pair and the JOSE algorithm it signs with.
class TestKey {
  public:
    /// alg: "RS256", "PS256" or "ES256".
    TestKey(std::string alg, std::string kid) : alg_(std::move(alg)), kid_(std::move(kid)) {
        key_.reset(alg_ == "ES256" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
                                   : EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048}));
    }

    [[nodiscard]] const std::string& kid() const { return kid_; }

    /// The public key as a JWK.
    [[nodiscard]] nlohmann::json jwk() const {
        nlohmann::json j = {{"kid", kid_}, {"use", "sig"}, {"alg", alg_}};
        if (alg_ == "ES256") {
            std::array<unsigned char, 65> point{};
            std::size_t size = 0;
            EVP_PKEY_get_octet_string_param(key_.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                            point.size(), &size);
            const std::string p(reinterpret_cast<const char*>(point.data()), size);
            j["kty"] = "EC";
            j["crv"] = "P-256";
            j["x"] = base64UrlEncode(p.substr(1, 32));
            j["y"] = base64UrlEncode(p.substr(33, 32));
        } else {
            j["kty"] = "RSA";
            j["n"] = base64UrlEncode(bnParam(OSSL_PKEY_PARAM_RSA_N));
            j["e"] = base64UrlEncode(bnParam(OSSL_PKEY_PARAM_RSA_E));
        }
        return j;
    }

    /// A compact JWS of `payload` with header {"alg", "kid"} (`header` overrides).
    [[nodiscard]] std::string sign(const nlohmann::json& payload,
                                   const nlohmann::json& header = nlohmann::json::object()) const {
        nlohmann::json h = {{"alg", alg_}, {"kid", kid_}, {"typ", "JWT"}};
        h.update(header);
        const std::string input = base64UrlEncode(h.dump()) + "." + base64UrlEncode(payload.dump());
        std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(),
                                                                   &EVP_MD_CTX_free);
        EVP_PKEY_CTX* pctx = nullptr;
        EVP_DigestSignInit(md.get(), &pctx, EVP_sha256(), nullptr, key_.get());
        if (alg_ == "PS256") {
            EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
            EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
        }
        std::size_t size = 0;
        const auto* data = reinterpret_cast<const unsigned char*>(input.data());
        EVP_DigestSign(md.get(), nullptr, &size, data, input.size());
        std::string sig(size, '\0');
        EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(sig.data()), &size, data,
                       input.size());
        sig.resize(size);
        if (alg_ == "ES256") {
            sig = rawEcdsa(sig);
        }
        return input + "." + base64UrlEncode(sig);
    }

  private:
    std::string bnParam(const char* name) const {
        BIGNUM* bn = nullptr;
        EVP_PKEY_get_bn_param(key_.get(), name, &bn);
        std::string out(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
        BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
        BN_free(bn);
        return out;
    }

    /// DER ECDSA-Sig-Value -> JOSE's R || S, 32 bytes each.
    static std::string rawEcdsa(const std::string& der) {
        const auto* p = reinterpret_cast<const unsigned char*>(der.data());
        ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
        std::string out(64, '\0');
        auto* o = reinterpret_cast<unsigned char*>(out.data());
        BN_bn2binpad(ECDSA_SIG_get0_r(sig), o, 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(sig), o + 32, 32);
        ECDSA_SIG_free(sig);
        return out;
    }

    std::string alg_;
    std::string kid_;
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_{nullptr, &EVP_PKEY_free};
};

/// {"keys": [the JWKs of `keys`]}.
inline nlohmann::json keySet(const std::vector<const TestKey*>& keys) {
    nlohmann::json set = {{"keys", nlohmann::json::array()}};
    for (const auto* key : keys) {
        set["keys"].push_back(key->jwk());
    }
    return set;
}

}  // namespace masthead::identity::testing
