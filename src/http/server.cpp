// The only translation unit that includes Boost.Beast (it is slow to compile).
#include "http/server.h"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <random>
#include <thread>
#include <unordered_set>

#include "util/text.h"
#include "util/time_format.h"

namespace masthead::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

// Sent with every response. The CSP allows no inline script or style; JSON-LD is a data
// block, which CSP does not execute.
constexpr std::string_view kSecurityHeaders =
    "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: strict-origin-when-cross-origin\r\n"
    "X-Frame-Options: DENY\r\n";

Method methodOf(bhttp::verb v) {
    switch (v) {
        case bhttp::verb::get:
            return Method::kGet;
        case bhttp::verb::head:
            return Method::kHead;
        case bhttp::verb::post:
            return Method::kPost;
        case bhttp::verb::put:
            return Method::kPut;
        case bhttp::verb::patch:
            return Method::kPatch;
        case bhttp::verb::delete_:
            return Method::kDelete;
        case bhttp::verb::options:
            return Method::kOptions;
        default:
            return Method::kOther;
    }
}

const std::string& httpDateNow() {
    thread_local std::time_t cached_second = 0;
    thread_local std::string cached;
    const std::time_t now = std::time(nullptr);
    if (now != cached_second) {
        cached_second = now;
        cached = formatHttpDate(SysTime(std::chrono::seconds(now)));
    }
    return cached;
}

bool etagMatches(std::string_view if_none_match, const Entity& e) {
    for (std::string_view tag : text::split(if_none_match, ',')) {
        tag = text::trim(tag);
        if (tag.starts_with("W/")) {
            tag.remove_prefix(2);  // weak comparison (RFC 9110 13.1.2)
        }
        if (tag == "*" || tag == e.etag || (!e.gzip_etag.empty() && tag == e.gzip_etag)) {
            return true;
        }
    }
    return false;
}

}  // namespace

class Session;

struct Worker {
    asio::io_context ctx{1};
    std::unique_ptr<tcp::acceptor> acceptor;
    std::unordered_set<Session*> sessions;  // touched only on ctx's thread
    asio::steady_timer flush_timer{ctx};
    asio::steady_timer accept_retry{ctx};
    std::thread thread;
};

struct Server::Impl {
    const Router& router;
    ServerOptions options;
    ErrorPages error_pages;
    AccessLog& access_log;
    Metrics& metrics;
    std::vector<std::unique_ptr<Worker>> workers;
    std::atomic<bool> stopping{false};
    std::atomic<std::uint64_t> request_counter{0};
    std::uint32_t id_prefix;
    std::mutex done_mutex;
    std::condition_variable done_cv;
    bool done = false;

    Impl(const Router& r, ServerOptions o, ErrorPages e, AccessLog& a, Metrics& m)
        : router(r), options(o), error_pages(std::move(e)), access_log(a), metrics(m) {
        id_prefix = std::random_device{}();
        const std::size_t n =
            options.threads ? options.threads : std::max(1U, std::thread::hardware_concurrency());
        for (std::size_t i = 0; i < n; ++i) {
            workers.push_back(std::make_unique<Worker>());
        }
    }

    std::string nextRequestId() {
        char id[17];
        std::snprintf(
            id, sizeof id, "%08x%08x", id_prefix,
            static_cast<std::uint32_t>(request_counter.fetch_add(1, std::memory_order_relaxed)));
        return id;
    }

    Response errorResponse(int status, std::string_view message) const {
        Response r = error_pages(status, message);
        r.status = status;
        return r;
    }

    void accept(Worker& w);
    void scheduleFlush(Worker& w);

    /// Routes the request and runs its handler; the one last-resort catch of the server.
    Response dispatch(Request& request, std::size_t& route_index) const {
        const RouteMatch match = router.match(request.method, request.path);
        if (match.route == nullptr) {
            route_index = metrics.unmatchedRoute();
            if (request.method == Method::kOther) {
                return errorResponse(501,
                                     "The method " + request.method_text + " is not supported.");
            }
            if (!match.allowed.empty()) {
                std::string allow;
                for (Method m : match.allowed) {
                    allow += (allow.empty() ? "" : ", ");
                    allow += toString(m);
                }
                return errorResponse(405, "This address does not accept " + request.method_text +
                                              " requests.")
                    .with("Allow", allow);
            }
            return errorResponse(404, "There is no page at this address.");
        }
        route_index = match.index;
        request.params = match.params;
        try {
            return match.route->handler(request);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "masthead: request %s (%s %s) failed: %s\n",
                         request.request_id.c_str(), request.method_text.c_str(),
                         request.target.c_str(), e.what());
            return errorResponse(500, "Something went wrong on our side.");
        }
    }
};

class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(tcp::socket socket, Server::Impl& server, Worker& worker)
        : stream_(std::move(socket)), server_(server), worker_(worker) {
        beast::error_code ec;
        const auto ep = stream_.socket().remote_endpoint(ec);
        remote_ = ec ? std::string("-") : ep.address().to_string();
    }

    void start() {
        worker_.sessions.insert(this);
        waitForRequest();
    }

    ~Session() { worker_.sessions.erase(this); }

    /// Called on the worker's thread when the server stops: an idle connection closes now,
    /// a busy one after its response.
    void onStop() {
        if (idle_) {
            beast::error_code ec;
            stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
            stream_.socket().close(ec);
        }
    }

  private:
    void waitForRequest() {
        if (server_.stopping.load()) {
            return close();
        }
        if (buffer_.size() > 0) {
            return readHeader();  // a pipelined request is already here
        }
        idle_ = true;
        stream_.expires_after(server_.options.idle_timeout);
        stream_.async_read_some(buffer_.prepare(4096),
                                [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                                    self->idle_ = false;
                                    if (ec) {
                                        return self->close();
                                    }
                                    self->buffer_.commit(n);
                                    self->readHeader();
                                });
    }

    void readHeader() {
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
        parser_->body_limit(server_.options.max_body_bytes);
        stream_.expires_after(server_.options.header_timeout);
        bhttp::async_read_header(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
    }

    void onHeader(beast::error_code ec) {
        if (ec) {
            return onReadError(ec);
        }
        if (!parser_->is_done()) {
            stream_.expires_after(server_.options.body_timeout);
            bhttp::async_read(stream_, buffer_, *parser_,
                              [self = shared_from_this()](beast::error_code e, std::size_t) {
                                  if (e) {
                                      return self->onReadError(e);
                                  }
                                  self->process();
                              });
            return;
        }
        process();
    }

    void onReadError(beast::error_code ec) {
        if (ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
            ec == beast::error::timeout || ec == asio::error::operation_aborted ||
            ec == asio::error::connection_reset || ec == bhttp::error::partial_message) {
            return close();
        }
        started_ = std::chrono::steady_clock::now();
        Request request;
        request.request_id = server_.nextRequestId();
        request.remote = remote_;
        int status = 400;
        std::string message = "The request is malformed (" + ec.message() + ").";
        if (ec == bhttp::error::header_limit) {
            status = 431;
            message = "The request's headers are larger than " +
                      std::to_string(server_.options.max_header_bytes) + " bytes.";
        } else if (ec == bhttp::error::body_limit) {
            status = 413;
            message = "The request's body is larger than " +
                      std::to_string(server_.options.max_body_bytes) + " bytes.";
        }
        close_after_ = true;
        respond(request, server_.errorResponse(status, message), server_.metrics.unmatchedRoute());
    }

    void process() {
        started_ = std::chrono::steady_clock::now();
        auto& msg = parser_->get();
        Request request;
        request.request_id = server_.nextRequestId();
        request.remote = remote_;
        request.method = methodOf(msg.method());
        request.method_text = std::string(msg.method_string());
        request.target = std::string(msg.target());
        for (const auto& field : msg) {
            request.headers.push_back(
                {text::toLowerAscii(field.name_string()), std::string(field.value())});
        }
        request.body = std::move(msg.body());
        keep_alive_ = msg.keep_alive();

        std::string problem;
        if (msg.version() == 11 && msg.find(bhttp::field::host) == msg.end()) {
            problem = "An HTTP/1.1 request must have a Host header.";
        } else if (auto url = boost::urls::parse_origin_form(request.target); !url) {
            problem = "The request target is not a valid path.";
        } else {
            request.path = std::string(url->path());
            request.query = std::string(url->encoded_query());
            if (text::firstInvalidUtf8(request.path) ||
                request.path.find('\0') != std::string::npos) {
                problem = "The request path is not valid UTF-8.";
            }
        }
        if (!problem.empty()) {
            close_after_ = true;
            return respond(request, server_.errorResponse(400, problem),
                           server_.metrics.unmatchedRoute());
        }
        std::size_t route = 0;
        Response response = server_.dispatch(request, route);
        respond(request, std::move(response), route);
    }

    void respond(const Request& request, Response response, std::size_t route) {
        if (server_.stopping.load() || !keep_alive_) {
            close_after_ = true;
        }
        entity_ = std::move(response.entity);
        std::string_view body;
        bool gzip = false;
        const bool bodyless =
            request.method == Method::kHead || response.status == 204 || response.status == 304;
        int status = response.status;
        if (entity_) {
            gzip = !entity_->gzip_body.empty() && request.acceptsGzip();
            body = gzip ? std::string_view(entity_->gzip_body) : std::string_view(entity_->body);
            if (status == 200 &&
                (request.method == Method::kGet || request.method == Method::kHead)) {
                const std::string_view inm = request.header("if-none-match");
                if (!inm.empty() && etagMatches(inm, *entity_)) {
                    status = 304;
                }
            }
        }
        std::string& h = head_;
        h.clear();
        h += "HTTP/1.1 ";
        h += std::to_string(status);
        h += ' ';
        h += reasonPhrase(status);
        h += "\r\nDate: ";
        h += httpDateNow();
        h += "\r\nX-Request-Id: ";
        h += request.request_id;
        h += "\r\n";
        h += kSecurityHeaders;
        if (entity_) {
            if (status != 304) {
                h += "Content-Type: ";
                h += entity_->content_type;
                h += "\r\nContent-Length: ";
                h += std::to_string(body.size());
                h += "\r\n";
                if (gzip) {
                    h += "Content-Encoding: gzip\r\n";
                }
            }
            h += "ETag: ";
            h += gzip ? entity_->gzip_etag : entity_->etag;
            h += "\r\n";
            if (!entity_->cache_control.empty()) {
                h += "Cache-Control: ";
                h += entity_->cache_control;
                h += "\r\n";
            }
            if (!entity_->gzip_body.empty()) {
                h += "Vary: Accept-Encoding\r\n";
            }
        } else if (status != 304 && status != 204) {
            h += "Content-Length: 0\r\n";
        }
        for (const Header& extra : response.headers) {
            h += extra.name;
            h += ": ";
            h += extra.value;
            h += "\r\n";
        }
        if (close_after_) {
            h += "Connection: close\r\n";
        }
        h += "\r\n";
        if (bodyless || status == 304) {
            body = {};
        }

        server_.access_log.write({std::chrono::system_clock::now(), request.request_id,
                                  request.remote, request.method_text, request.target,
                                  route < server_.router.routes().size()
                                      ? std::string_view(server_.router.routes()[route].name)
                                      : std::string_view("unmatched"),
                                  status, body.size(), gzip,
                                  std::chrono::duration_cast<std::chrono::microseconds>(
                                      std::chrono::steady_clock::now() - started_),
                                  request.header("user-agent")});
        server_.metrics.record(route, status, std::chrono::steady_clock::now() - started_);

        const std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(body)};
        stream_.expires_after(server_.options.write_timeout);
        asio::async_write(stream_, buffers,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              self->entity_.reset();
                              if (ec || self->close_after_) {
                                  return self->close();
                              }
                              self->waitForRequest();
                          });
    }

    void close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.socket().close(ec);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    Server::Impl& server_;
    Worker& worker_;
    std::string remote_;
    std::string head_;
    std::shared_ptr<const Entity> entity_;
    std::chrono::steady_clock::time_point started_;
    bool keep_alive_ = true;
    bool close_after_ = false;
    bool idle_ = false;
};

void Server::Impl::accept(Worker& w) {
    w.acceptor->async_accept(w.ctx, [this, &w](beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !w.acceptor->is_open()) {
            return;
        }
        if (ec) {
            // Out of file descriptors and the like: back off instead of spinning.
            std::fprintf(stderr, "masthead: accept failed: %s\n", ec.message().c_str());
            w.accept_retry.expires_after(std::chrono::milliseconds(50));
            w.accept_retry.async_wait([this, &w](beast::error_code e) {
                if (!e) {
                    accept(w);
                }
            });
            return;
        }
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(socket), *this, w)->start();
        accept(w);
    });
}

void Server::Impl::scheduleFlush(Worker& w) {
    w.flush_timer.expires_after(std::chrono::milliseconds(250));
    w.flush_timer.async_wait([this, &w](beast::error_code ec) {
        access_log.flush();
        if (!ec && !stopping.load()) {
            scheduleFlush(w);
        }
    });
}

Server::Server(const Router& router, ServerOptions options, ErrorPages error_pages,
               AccessLog& access_log, Metrics& metrics)
    : impl_(std::make_unique<Impl>(router, options, std::move(error_pages), access_log, metrics)) {}

Server::~Server() = default;

Result<std::uint16_t> Server::listen(const std::string& host, std::uint16_t port) {
    beast::error_code ec;
    const auto address = asio::ip::make_address(host, ec);
    if (ec) {
        return fail(Error::invalidInput("\"" + host + "\" is not an IP address to listen on"));
    }
    std::uint16_t bound = port;
    for (auto& w : impl_->workers) {
        auto acceptor = std::make_unique<tcp::acceptor>(w->ctx);
        const tcp::endpoint endpoint(address, bound);
        const auto failed = [&](std::string_view step) {
            return fail(Error::unavailable("cannot listen on " + host + ":" +
                                           std::to_string(bound) + " (" + std::string(step) + ": " +
                                           ec.message() + ")"));
        };
        if (acceptor->open(endpoint.protocol(), ec); ec) {
            return failed("open");
        }
        acceptor->set_option(asio::socket_base::reuse_address(true), ec);
        // One acceptor per worker on the same port: the kernel spreads connections.
        const int one = 1;
        ::setsockopt(acceptor->native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
        if (acceptor->bind(endpoint, ec); ec) {
            return failed("bind");
        }
        if (acceptor->listen(asio::socket_base::max_listen_connections, ec); ec) {
            return failed("listen");
        }
        bound = acceptor->local_endpoint().port();
        w->acceptor = std::move(acceptor);
    }
    return bound;
}

void Server::run() {
    Impl& s = *impl_;
    asio::signal_set signals(s.workers.front()->ctx, SIGINT, SIGTERM);
    signals.async_wait([this](beast::error_code ec, int) {
        if (!ec) {
            stop();
        }
    });
    for (auto& w : s.workers) {
        s.accept(*w);
        s.scheduleFlush(*w);
    }
    for (auto& w : s.workers) {
        Worker* worker = w.get();
        worker->thread = std::thread([worker] { worker->ctx.run(); });
    }
    // Waits for stop(), then for the workers to drain, then enforces the grace period.
    {
        std::unique_lock lock(s.done_mutex);
        s.done_cv.wait(lock, [&] { return s.stopping.load(); });
    }
    asio::post(s.workers.front()->ctx, [&signals] { signals.cancel(); });
    std::thread watchdog([&s] {
        std::unique_lock lock(s.done_mutex);
        if (!s.done_cv.wait_for(lock, s.options.shutdown_grace, [&] { return s.done; })) {
            std::fprintf(stderr,
                         "masthead: requests still running after the grace period; "
                         "stopping anyway\n");
            for (auto& w : s.workers) {
                w->ctx.stop();
            }
        }
    });
    for (auto& w : s.workers) {
        w->thread.join();
    }
    {
        std::lock_guard lock(s.done_mutex);
        s.done = true;
    }
    s.done_cv.notify_all();
    watchdog.join();
    s.access_log.flush();
}

void Server::stop() {
    Impl& s = *impl_;
    if (s.stopping.exchange(true)) {
        return;
    }
    for (auto& w : s.workers) {
        Worker* worker = w.get();
        asio::post(worker->ctx, [worker, &s] {
            beast::error_code ec;
            if (worker->acceptor) {
                worker->acceptor->close(ec);
            }
            worker->accept_retry.cancel();
            worker->flush_timer.cancel();
            s.access_log.flush();
            // onStop may close and destroy sessions; iterate over a copy.
            const std::vector<Session*> sessions(worker->sessions.begin(), worker->sessions.end());
            for (Session* session : sessions) {
                session->onStop();
            }
        });
    }
    { std::lock_guard lock(s.done_mutex); }
    s.done_cv.notify_all();
}

Response Server::handle(Request& request, std::size_t& route_index) const {
    return impl_->dispatch(request, route_index);
}

}  // namespace masthead::http
