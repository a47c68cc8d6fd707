#include "http/access_log.h"

#include <unistd.h>

#include <cstdio>
#include <ctime>

namespace masthead::http {
namespace {

constexpr std::size_t kFlushBytes = 32 * 1024;

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
            char hex[5];
            std::snprintf(hex, sizeof hex, "\\x%02x", u);
            out += hex;
        } else {
            out += c;
        }
    }
    out += '"';
}

}  // namespace

void AccessLog::write(const Entry& e) {
    if (fd_ < 0) {
        return;
    }
    std::string& b = t_buffer;
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(e.time.time_since_epoch()).count();
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char head[96];
    std::snprintf(head, sizeof head,
                  "ts=%04d-%02d-%02dT%02d:%02d:%02d.%03dZ id=", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    b += head;
    b += e.request_id;
    b += " remote=";
    b += e.remote;
    b += " method=";
    appendQuoted(b, e.method);
    b += " path=";
    appendQuoted(b, e.target);
    b += " route=";
    b += e.route;
    char tail[96];
    std::snprintf(tail, sizeof tail, " status=%d bytes=%zu gzip=%d us=%lld ua=", e.status, e.bytes,
                  e.gzip ? 1 : 0, static_cast<long long>(e.duration.count()));
    b += tail;
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
