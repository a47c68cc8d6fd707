#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "util/clock.h"

namespace masthead::popularity {

/// Turns a reader into a 64-bit key for "one count per reader per article per 30 minutes",
/// keeping nothing that identifies them. A reader with the first-party id cookie is keyed by
/// that random id; a reader without cookies by a keyed hash (SipHash, libsodium) of IP address
/// and user agent, under a key that changes every UTC day (derived from a random secret made
/// at start and never stored), so no raw IP is kept and, after a restart, nobody can
/// recompute old keys. Thread-safe and lock-free.
class ReaderKeys {
  public:
    explicit ReaderKeys(const Clock& clock);

    /// True for a well-formed reader id: 32 lowercase hex digits (what popularity.js makes).
    [[nodiscard]] static bool isReaderId(std::string_view id);

    [[nodiscard]] std::uint64_t forReaderId(std::string_view id);
    [[nodiscard]] std::uint64_t forAddress(std::string_view ip, std::string_view user_agent);

  private:
    using Key = std::array<unsigned char, 16>;
    [[nodiscard]] Key keyFor(std::int64_t day) const;
    [[nodiscard]] static std::uint64_t hash(const Key& key, std::string_view a, std::string_view b);

    const Clock& clock_;
    std::array<unsigned char, 32> secret_{};
    Key id_key_{};
};

}  // namespace masthead::popularity
