#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>

namespace masthead::http {

/// One structured (logfmt) line per request:
///   ts=2026-11-29T06:21:05.123Z id=5f1c0a2b00000001 remote=127.0.0.1 method="GET"
///   path="/opinion/editorials" route=section status=200 bytes=18234 gzip=1 us=85 ua="..."
/// Lines are appended to a per-thread buffer and written in batches (at 32 KiB or when
/// flush() is called by the server's timer every 250 ms), so logging costs no syscall per
/// request. Thread-safe.
class AccessLog {
  public:
    /// fd: where lines go (1 = stdout); -1 disables logging.
    explicit AccessLog(int fd) : fd_(fd) {}

    struct Entry {
        std::chrono::system_clock::time_point time;
        std::string_view request_id;
        std::string_view remote;
        std::string_view method;
        std::string_view target;
        std::string_view route;
        int status;
        std::size_t bytes;
        bool gzip;
        std::chrono::microseconds duration;
        std::string_view user_agent;
    };
    void write(const Entry& entry);
    /// Writes this thread's buffered lines.
    void flush();
    [[nodiscard]] bool enabled() const { return fd_ >= 0; }

  private:
    void writeOut(std::string& buffer);
    int fd_;
    std::mutex write_mutex_;  // keeps batches from different threads whole
};

}  // namespace masthead::http
