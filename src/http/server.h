#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/access_log.h"
#include "http/client_address.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"
#include "util/error.h"

namespace masthead::http {

struct ServerOptions {
    std::size_t threads = 0;  ///< io_context threads; 0 = one per core
    std::size_t max_header_bytes = std::size_t{16} * 1024;  ///< larger header block: 431
    std::size_t max_body_bytes = std::size_t{1024} * 1024;  ///< larger body: 413
    std::chrono::milliseconds header_timeout{10'000};       ///< first byte to end of headers
    std::chrono::milliseconds body_timeout{30'000};
    std::chrono::milliseconds idle_timeout{60'000};  ///< keep-alive wait for the next request
    std::chrono::milliseconds write_timeout{30'000};
    std::chrono::milliseconds shutdown_grace{10'000};  ///< in-flight requests get this long
    /// Proxies (load balancers) whose X-Forwarded-For names the client; none by default, so
    /// a client cannot choose the address it is known by (see clientAddress()).
    std::vector<IpNetwork> trusted_proxies;
};

/// The answer to a request the server refuses itself (400, 404, 405, 413, 431, 500, 501), in
/// the site's design or as JSON at an API address: `path` is the request's ("" when it could
/// not be read). The message is public: it names what was wrong with the request and nothing
/// internal.
using ErrorPages =
    std::function<Response(std::string_view path, int status, std::string_view message)>;

/// HTTP/1.1 server on Boost.Beast/Asio: keep-alive and pipelining, one io_context thread per
/// core (one acceptor hands connections to them in turn), header/body/idle deadlines, size limits,
/// gzip variants and ETag/If-None-Match from Entity, security headers, an access-log line and
/// metrics per request, graceful shutdown on SIGINT/SIGTERM.
class Server {
  public:
    Server(const Router& router, ServerOptions options, ErrorPages error_pages,
           AccessLog& access_log, Metrics& metrics);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds host:port (port 0 picks a free one). Returns the bound port, or kUnavailable
    /// naming the address when it cannot bind.
    [[nodiscard]] Result<std::uint16_t> listen(const std::string& host, std::uint16_t port);

    /// Serves until SIGINT/SIGTERM or stop(): then stops accepting, lets in-flight requests
    /// finish (up to shutdown_grace) and returns.
    void run();
    /// Thread-safe; may be called from a signal-free context or a handler.
    void stop();

    struct Impl;  // defined in server.cpp, with the Beast sessions

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace masthead::http
