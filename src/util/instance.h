#pragma once

#include <atomic>
#include <cstdint>

namespace masthead {

/// A number no other object of the process had: objects that keep per-thread caches of
/// their state key them on it, since a new object may reuse an old one's address.
[[nodiscard]] inline std::uint64_t nextInstance() {
    static std::atomic<std::uint64_t> last{0};
    return last.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace masthead
