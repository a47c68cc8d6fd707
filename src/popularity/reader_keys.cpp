#include "popularity/reader_keys.h"

#include <sodium.h>

#include <array>
#include <cstring>
#include <string>

#include "util/check.h"

namespace masthead::popularity {

ReaderKeys::ReaderKeys(const Clock& clock) : clock_(clock) {
    MASTHEAD_CHECK(sodium_init() >= 0, "libsodium initialises");
    randombytes_buf(secret_.data(), secret_.size());
    id_key_ = keyFor(-1);
}

bool ReaderKeys::isReaderId(std::string_view id) {
    if (id.size() != 32) {
        return false;
    }
    for (char c : id) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

ReaderKeys::Key ReaderKeys::keyFor(std::int64_t day) const {
    Key key;
    crypto_generichash(key.data(), key.size(), reinterpret_cast<const unsigned char*>(&day),
                       sizeof day, secret_.data(), secret_.size());
    return key;
}

std::uint64_t ReaderKeys::forReaderId(std::string_view id) { return hash(id_key_, id, {}); }

std::uint64_t ReaderKeys::forAddress(std::string_view ip, std::string_view user_agent) {
    struct Cached {
        const ReaderKeys* owner = nullptr;
        std::int64_t day = 0;
        Key key{};
    };
    thread_local Cached cached;
    const std::int64_t day =
        std::chrono::floor<std::chrono::days>(clock_.now()).time_since_epoch().count();
    if (cached.owner != this || cached.day != day) {
        cached = {this, day, keyFor(day)};
    }
    return hash(cached.key, ip, user_agent);
}

std::uint64_t ReaderKeys::hash(const Key& key, std::string_view a, std::string_view b) {
    std::string input;
    input.reserve(a.size() + b.size() + 1);
    input.append(a).append(1, '\0').append(b);
    std::array<unsigned char, crypto_shorthash_BYTES> out{};
    crypto_shorthash(out.data(), reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                     key.data());
    std::uint64_t value = 0;
    std::memcpy(&value, out.data(), sizeof value);
    return value;
}

}  // namespace masthead::popularity
