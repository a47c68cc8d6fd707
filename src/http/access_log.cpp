#include "http/access_log.h"

#include <unistd.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <ctime>

namespace masthead::http {
namespace {

constexpr std::size_t kFlushBytes = std::size_t{32} * 1024;

thread_local std::string t_buffer;

/// Appends `s` as a logfmt value: quoted, with quotes, backslashes and control bytes escaped
/// so that a request can never forge a second log line.
void appendQuoted(std::string& out, std::string_view s) {
    out += '"';
    for (char c : s.substr(0, 512)) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u == 0x7f) {
            std::array<char, 5> hex{};
            std::snprintf(hex.data(), hex.size(), "\\x%02x", u);
            out += hex.data();
        } else {
            out += c;
        }
    }
    out += '"';
}

}  // namespace

static void appendNumber(std::string& out, long long n) {
    std::array<char, 24> digits{};
    const auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), n);
    out.append(digits.data(), end);
}

void AccessLog::write(const Entry& e) {
    if (fd_ < 0) {
        return;
    }
    std::string& b = t_buffer;
    // The "ts=2026-11-29T06:21:05." part changes once a second: format it once per thread.
    thread_local std::time_t cached_second = -1;
    thread_local std::array<char, 64> cached_prefix{};
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(e.time.time_since_epoch()).count();
    const auto secs = static_cast<std::time_t>(ms / 1000);
    if (secs != cached_second) {
        cached_second = secs;
        std::tm tm{};
        gmtime_r(&secs, &tm);
        std::snprintf(cached_prefix.data(), cached_prefix.size(),
                      "ts=%04d-%02d-%02dT%02d:%02d:%02d.", tm.tm_year + 1900, tm.tm_mon + 1,
                      tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    }
    b += cached_prefix.data();
    const int millis = static_cast<int>(ms % 1000);
    b += static_cast<char>('0' + millis / 100);
    b += static_cast<char>('0' + millis / 10 % 10);
    b += static_cast<char>('0' + millis % 10);
    b += "Z id=";
    b += e.request_id;
    b += " remote=";
    b += e.remote;
    b += " method=";
    appendQuoted(b, e.method);
    b += " path=";
    appendQuoted(b, e.target);
    b += " route=";
    b += e.route;
    b += " status=";
    appendNumber(b, e.status);
    b += " bytes=";
    appendNumber(b, static_cast<long long>(e.bytes));
    b += e.gzip ? " gzip=1 us=" : " gzip=0 us=";
    appendNumber(b, static_cast<long long>(e.duration.count()));
    b += " ua=";
    appendQuoted(b, e.user_agent);
    b += '\n';
    if (b.size() >= kFlushBytes) {
        writeOut(b);
    }
}

void AccessLog::flush() {
    if (fd_ >= 0 && !t_buffer.empty()) {
        writeOut(t_buffer);
    }
}

void AccessLog::writeOut(std::string& buffer) {
    std::lock_guard lock(write_mutex_);
    std::size_t done = 0;
    while (done < buffer.size()) {
        const ssize_t n = ::write(fd_, buffer.data() + done, buffer.size() - done);
        if (n <= 0) {
            break;  // a full disk or closed pipe must not stop the site; lines are dropped
        }
        done += static_cast<std::size_t>(n);
    }
    buffer.clear();
}

}  // namespace masthead::http
