#pragma once

#include <atomic>
#include <chrono>

namespace masthead {

using SysTime = std::chrono::sys_seconds;

/// Where logic gets the time from, so that tests can set it.
class Clock {
  public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual std::chrono::system_clock::time_point now() const = 0;
    [[nodiscard]] SysTime nowSeconds() const {
        return std::chrono::floor<std::chrono::seconds>(now());
    }
};

class SystemClock final : public Clock {
  public:
    [[nodiscard]] std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::now();
    }
};

/// A clock that moves only when told to. Thread-safe.
class FakeClock final : public Clock {
  public:
    explicit FakeClock(std::chrono::system_clock::time_point start) : now_(start) {}
    [[nodiscard]] std::chrono::system_clock::time_point now() const override { return now_.load(); }
    void set(std::chrono::system_clock::time_point t) { now_.store(t); }
    void advance(std::chrono::system_clock::duration d) { now_.store(now_.load() + d); }

  private:
    std::atomic<std::chrono::system_clock::time_point> now_;
};

}  // namespace masthead
