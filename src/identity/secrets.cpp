#include "identity/secrets.h"

#include <sodium.h>

#include <array>
#include <vector>

#include "util/check.h"

namespace masthead::identity {
namespace {

void initSodium() {
    static const int ready = sodium_init();
    MASTHEAD_CHECK(ready >= 0, "libsodium failed to initialise");
}

std::string base64url(const unsigned char* bytes, std::size_t size) {
    const std::size_t length =
        sodium_base64_encoded_len(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    std::string out(length, '\0');
    sodium_bin2base64(out.data(), length, bytes, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(length - 1);  // the terminating NUL
    return out;
}

std::string hex(const unsigned char* bytes, std::size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes, size);
    out.pop_back();
    return out;
}

}  // namespace

Result<std::string> siteSecret(db::Database& db, std::string_view name) {
    const std::string key(name);
    auto rows = db.query("SELECT value FROM site_secrets WHERE name = $1", {key});
    if (!rows) {
        return fail(rows.error());
    }
    if (!rows->empty()) {
        return rows->front().text(0);
    }
    initSodium();
    std::array<unsigned char, 32> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    // Another node may have made it first: keep whichever was stored.
    if (auto r = db.execute("INSERT INTO site_secrets (name, value) VALUES ($1, $2) "
                            "ON CONFLICT (name) DO NOTHING",
                            {key, hex(bytes.data(), bytes.size())});
        !r) {
        return fail(r.error());
    }
    rows = db.query("SELECT value FROM site_secrets WHERE name = $1", {key});
    if (!rows) {
        return fail(rows.error());
    }
    return rows->front().text(0);
}

std::string randomToken(std::size_t bytes) {
    initSodium();
    std::vector<unsigned char> buffer(bytes);
    randombytes_buf(buffer.data(), buffer.size());
    return base64url(buffer.data(), buffer.size());
}

std::string sha256Hex(std::string_view s) {
    initSodium();
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(s.data()), s.size());
    return hex(digest.data(), digest.size());
}

std::string hmacToken(std::string_view key, std::string_view message) {
    initSodium();
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                                key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size());
    std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
    crypto_auth_hmacsha256_final(&state, mac.data());
    return base64url(mac.data(), mac.size());
}

bool equalTokens(std::string_view a, std::string_view b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace masthead::identity
