#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "util/clock.h"

namespace masthead::web {

/// Counts failed staff logins per name and per network address, and says how long to wait
/// once either reached the limit within the window. Thread-safe.
class LoginThrottle {
  public:
    LoginThrottle(const Clock& clock, std::size_t max_failures = 5,
                  std::chrono::seconds window = std::chrono::minutes(15))
        : clock_(clock), max_failures_(max_failures), window_(window) {}

    /// Seconds to wait before another attempt for this name or address (0: go ahead).
    [[nodiscard]] long long wait(const std::string& name, const std::string& address);
    void failed(const std::string& name, const std::string& address);
    void succeeded(const std::string& name);

  private:
    struct Count {
        std::size_t failures = 0;
        std::int64_t since = 0;
    };
    [[nodiscard]] std::int64_t now() const;
    [[nodiscard]] long long waitFor(const std::string& key, std::int64_t t);

    const Clock& clock_;
    std::size_t max_failures_;
    std::chrono::seconds window_;
    std::mutex mutex_;
    std::unordered_map<std::string, Count> counts_;
};

}  // namespace masthead::web
