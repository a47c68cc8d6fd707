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

#include "http/response_plan.h"
#include "util/check.h"
#include "util/text.h"
#include "util/time_format.h"

namespace masthead::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

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

}  // namespace

class Session;

struct Worker {
    asio::io_context ctx{1};
    std::unordered_set<Session*> sessions;  // touched only on ctx's thread
    asio::steady_timer sweep_timer{ctx};
    std::thread thread;
};

struct Server::Impl {
    const Router& router;
    ServerOptions options;
    ErrorPages error_pages;
    AccessLog& access_log;
    Metrics& metrics;
    std::vector<std::unique_ptr<Worker>> workers;
    // One acceptor (on the first worker) hands connections to the workers in turn. A single
    // listening socket, unlike one SO_REUSEPORT socket per worker, makes a second server on
    // the same port fail to start instead of silently sharing it.
    std::unique_ptr<tcp::acceptor> acceptor;
    std::unique_ptr<asio::steady_timer> accept_retry;
    std::unique_ptr<asio::signal_set> signals;  // from listen() on, so no SIGTERM is missed
    std::size_t next_worker = 0;
    std::atomic<bool> stopping{false};
    std::atomic<std::uint64_t> request_counter{0};
    std::uint32_t id_prefix;
    std::mutex done_mutex;
    std::condition_variable done_cv;
    bool done = false;

    Impl(const Router& r, ServerOptions o, ErrorPages e, AccessLog& a, Metrics& m)
        : router(r), options(std::move(o)), error_pages(std::move(e)), access_log(a), metrics(m) {
        id_prefix = std::random_device{}();
        const std::size_t n =
            options.threads ? options.threads : std::max(1U, std::thread::hardware_concurrency());
        for (std::size_t i = 0; i < n; ++i) {
            workers.push_back(std::make_unique<Worker>());
        }
    }

    /// 16 hex digits: a random per-process prefix, then a counter.
    std::string nextRequestId() {
        const std::uint64_t n =
            (std::uint64_t{id_prefix} << 32) |
            static_cast<std::uint32_t>(request_counter.fetch_add(1, std::memory_order_relaxed));
        std::string id(16, '0');
        constexpr std::string_view kHex = "0123456789abcdef";
        for (int i = 15; i >= 0; --i) {
            id[static_cast<std::size_t>(i)] = kHex[(n >> (4 * (15 - i))) & 0xf];
        }
        return id;
    }

    [[nodiscard]] Response errorResponse(std::string_view path, int status,
                                         std::string_view message) const {
        Response r = error_pages(path, status, message);
        r.status = status;
        return r;
    }

    void accept();
    void sweep(Worker& w);

    /// Routes the request and runs its handler; the one last-resort catch of the server.
    Response dispatch(Request& request, std::size_t& route_index) const {
        RouteMatch match = router.match(request.method, request.path);
        if (match.route == nullptr) {
            route_index = metrics.unmatchedRoute();
            if (request.method == Method::kOther) {
                return errorResponse(request.path, 501,
                                     "The method " + request.method_text + " is not supported.");
            }
            if (!match.allowed.empty()) {
                std::string allow;
                for (Method m : match.allowed) {
                    allow += (allow.empty() ? "" : ", ");
                    allow += toString(m);
                }
                return errorResponse(
                           request.path, 405,
                           "This address does not accept " + request.method_text + " requests.")
                    .with("Allow", allow);
            }
            return errorResponse(request.path, 404, "There is no page at this address.");
        }
        route_index = match.index;
        request.params = std::move(match.params);
        try {
            return match.route->handler(request);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "masthead: request %s (%s %s) failed: %s\n",
                         request.request_id.c_str(), request.method_text.c_str(),
                         request.target.c_str(), e.what());
            return errorResponse(request.path, 500, "Something went wrong on our side.");
        }
    }
};

/// One connection. Reads with the Beast parser fed by hand from a flat buffer, so several
/// pipelined requests in one read are parsed without another system call, and answers each
/// with one gathered write (head + cached body). Deadlines are coarse: the session records
/// when its current phase must end and the worker's sweep (every 250 ms) closes late ones,
/// which costs a clock read per phase instead of a timer operation.
class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(tcp::socket socket, Server::Impl& server, Worker& worker)
        : socket_(std::move(socket)), server_(server), worker_(worker) {
        beast::error_code ec;
        const auto ep = socket_.remote_endpoint(ec);
        remote_ = ec ? std::string("-") : ep.address().to_string();
    }

    ~Session() { worker_.sessions.erase(this); }

    void start() {
        worker_.sessions.insert(this);
        newRequest();
        read();
    }

    /// Called by the worker's sweep: closes the connection when its phase ran out of time.
    void sweep(std::chrono::steady_clock::time_point now) {
        if (now > deadline_) {
            abort();
        }
    }

    /// Called on the worker's thread when the server stops: an idle connection closes now,
    /// a busy one after its response.
    void onStop() {
        if (idle()) {
            abort();
        }
    }

  private:
    static constexpr std::size_t kReadChunk = std::size_t{16} * 1024;

    [[nodiscard]] bool idle() const {
        return !writing_ && buffer_.size() == 0 && !parser_->got_some();
    }

    void newRequest() {
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
        body_limit_ = server_.options.max_body_bytes;
        parser_->body_limit(body_limit_);
        parser_->eager(true);
    }

    void setDeadline(std::chrono::milliseconds d) {
        deadline_ = std::chrono::steady_clock::now() + d;
    }

    /// Starts on the next request: parses bytes already buffered (pipelining) or waits.
    void read() {
        if (buffer_.size() > 0) {
            setDeadline(server_.options.header_timeout);  // a pipelined request has begun
            return parse();
        }
        if (server_.stopping.load(std::memory_order_relaxed)) {
            return abort();
        }
        setDeadline(server_.options.idle_timeout);
        waitForBytes();
    }

    /// Reads what the client sends next. Asio tries no read after one that emptied the socket
    /// (the client has not sent its next request yet) and needs no epoll_ctl to wait, so a
    /// keep-alive request costs one recv; waiting with async_wait would re-arm the descriptor
    /// with an epoll_ctl every time (5% of the server's time). Does not move the deadline: a
    /// client sending a byte at a time cannot stretch the header or body time limit.
    void waitForBytes() {
        socket_.async_read_some(
            buffer_.prepare(kReadChunk),
            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                if (ec) {
                    return self->abort();
                }
                if (!self->parser_->got_some() && self->buffer_.size() == 0) {
                    self->setDeadline(self->server_.options.header_timeout);  // the first byte
                }
                self->buffer_.commit(n);
                self->parse();
            });
    }

    void parse() {
        while (true) {
            beast::error_code ec;
            const bool header_was_done = parser_->is_header_done();
            const std::size_t used = parser_->put(buffer_.data(), ec);
            buffer_.consume(used);
            if (!ec && parser_->is_done()) {
                return process();
            }
            if (ec && ec != bhttp::error::need_more) {
                return onParseError(ec);
            }
            if (!parser_->is_header_done() && buffer_.size() > server_.options.max_header_bytes) {
                // Beast checks its limit per parse call; count the whole header block here.
                return onParseError(bhttp::error::header_limit);
            }
            if (!header_was_done && parser_->is_header_done()) {
                setDeadline(server_.options.body_timeout);
                if (!limitBody()) {
                    return onParseError(bhttp::error::body_limit);
                }
            }
            if (ec == bhttp::error::need_more || used == 0 || buffer_.size() == 0) {
                return waitForBytes();
            }
        }
    }

    /// Once the header is read and the body is still to come: applies the route's own body
    /// limit, so a declared body larger than the route takes (a 1 MB comment) is refused
    /// before it is read. False when Content-Length is over it. A chunked body is bounded
    /// from here on (what arrived with the header counted against the server's limit); the
    /// guard (web/guards.cpp) checks every body again once read.
    bool limitBody() {
        body_limit_ = routeBodyLimit();
        const auto length = parser_->content_length();
        if (length && *length > body_limit_) {
            return false;
        }
        parser_->body_limit(body_limit_);
        return true;
    }

    /// The body limit of the request whose header was read: its route's, when smaller than
    /// the server's.
    [[nodiscard]] std::size_t routeBodyLimit() const {
        const auto& msg = parser_->get();
        const std::string_view target = msg.target();
        const RouteMatch match =
            server_.router.match(methodOf(msg.method()), target.substr(0, target.find('?')));
        const std::size_t limit = server_.options.max_body_bytes;
        return match.route == nullptr || match.route->max_body == 0
                   ? limit
                   : std::min(limit, match.route->max_body);
    }

    void onParseError(beast::error_code ec) {
        started_ = std::chrono::steady_clock::now();
        Request request;
        request.request_id = server_.nextRequestId();
        request.remote = remote_;
        request.method_text = "-";
        int status = 400;
        std::string message = "The request is malformed (" + ec.message() + ").";
        if (ec == bhttp::error::header_limit) {
            status = 431;
            message = "The request's headers are larger than " +
                      std::to_string(server_.options.max_header_bytes) + " bytes.";
        } else if (ec == bhttp::error::body_limit) {
            status = 413;
            // Beast refuses a Content-Length over the server's limit while reading the
            // header, whose request line (method, target) is read by then.
            body_limit_ = routeBodyLimit();
            message =
                "The request's body is larger than " + std::to_string(body_limit_) + " bytes.";
        }
        // A body too large comes after a header that was read: its path says whether the
        // answer is a page or JSON (an API address).
        std::string path;
        if (ec == bhttp::error::body_limit) {
            const std::string_view target = parser_->get().target();
            path = std::string(target.substr(0, target.find('?')));
        }
        close_after_ = true;
        respond(request, server_.errorResponse(path, status, message),
                server_.metrics.unmatchedRoute());
    }

    void process() {
        auto& msg = parser_->get();
        // Beast applies header_limit per parse call, so a header block that arrived whole can
        // exceed it; measure the block as the client sent it.
        std::size_t header_bytes = msg.method_string().size() + msg.target().size() + 12;
        for (const auto& field : msg) {
            header_bytes += field.name_string().size() + field.value().size() + 4;
        }
        if (header_bytes > server_.options.max_header_bytes) {
            return onParseError(bhttp::error::header_limit);
        }
        started_ = std::chrono::steady_clock::now();
        Request request;
        request.request_id = server_.nextRequestId();
        request.remote = remote_;
        request.method = methodOf(msg.method());
        request.method_text = std::string(msg.method_string());
        request.target = std::string(msg.target());
        request.headers.reserve(12);
        std::string forwarded_for;
        for (const auto& field : msg) {
            request.headers.push_back(
                {text::toLowerAscii(field.name_string()), std::string(field.value())});
            if (!server_.options.trusted_proxies.empty() &&
                request.headers.back().name == "x-forwarded-for") {
                forwarded_for += (forwarded_for.empty() ? "" : ",");
                forwarded_for += field.value();
            }
        }
        if (!forwarded_for.empty()) {
            request.remote = clientAddress(remote_, forwarded_for, server_.options.trusted_proxies);
        }
        request.body = std::move(msg.body());
        keep_alive_ = msg.keep_alive();

        std::string problem;
        version_ = msg.version();
        const std::size_t hosts = msg.count(bhttp::field::host);
        if ((version_ == 11 && hosts != 1) || hosts > 1) {
            problem = "An HTTP/1.1 request must have exactly one Host header.";
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
            return respond(request, server_.errorResponse(request.path, 400, problem),
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
        const ResponsePlan plan = planResponse(request, response, gzip_once_);
        writeHead(head_, response, plan,
                  {httpDateNow(), request.request_id, close_after_, version_});
        // Keeps the body's bytes alive until the write completes.
        entity_ = std::move(response.entity);

        server_.access_log.write({std::chrono::system_clock::now(), request.request_id,
                                  request.remote, request.method_text, request.target,
                                  route < server_.router.routes().size()
                                      ? std::string_view(server_.router.routes()[route].name)
                                      : std::string_view("unmatched"),
                                  plan.status, plan.body.size(), plan.gzip,
                                  std::chrono::duration_cast<std::chrono::microseconds>(
                                      std::chrono::steady_clock::now() - started_),
                                  request.header("user-agent")});
        server_.metrics.record(route, plan.status, std::chrono::steady_clock::now() - started_);

        const std::array<asio::const_buffer, 2> buffers{asio::buffer(head_),
                                                        asio::buffer(plan.body)};
        setDeadline(server_.options.write_timeout);
        writing_ = true;
        asio::async_write(socket_, buffers,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              self->writing_ = false;
                              self->entity_.reset();
                              self->gzip_once_ = {};
                              if (ec || self->close_after_) {
                                  return self->closeGracefully();
                              }
                              self->newRequest();
                              self->read();
                          });
    }

    /// Sends FIN after the response, so the client reads it all before the connection ends.
    void closeGracefully() {
        beast::error_code ec;
        socket_.shutdown(tcp::socket::shutdown_send, ec);
        socket_.close(ec);
        deadline_ = std::chrono::steady_clock::time_point::max();
    }

    void abort() {
        beast::error_code ec;
        socket_.close(ec);  // pending operations complete with operation_aborted
        deadline_ = std::chrono::steady_clock::time_point::max();
    }

    tcp::socket socket_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    Server::Impl& server_;
    Worker& worker_;
    std::string remote_;
    std::string head_;
    std::size_t body_limit_ = 0;  // of the request being read: the server's or its route's
    std::string gzip_once_;       ///< the compressed body of a response made for one request
    std::shared_ptr<const Entity> entity_;
    std::chrono::steady_clock::time_point started_;
    std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
    unsigned version_ = 11;
    bool keep_alive_ = true;
    bool close_after_ = false;
    bool writing_ = false;
};

void Server::Impl::accept() {
    Worker& target = *workers[next_worker];
    next_worker = (next_worker + 1) % workers.size();
    acceptor->async_accept(target.ctx, [this, &target](beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor->is_open()) {
            return;
        }
        if (ec) {
            // Out of file descriptors and the like: back off instead of spinning.
            std::fprintf(stderr, "masthead: accept failed: %s\n", ec.message().c_str());
            accept_retry->expires_after(std::chrono::milliseconds(50));
            accept_retry->async_wait([this](beast::error_code e) {
                if (!e) {
                    accept();
                }
            });
            return;
        }
        socket.set_option(tcp::no_delay(true), ec);
        asio::post(target.ctx, [this, &target, s = std::move(socket)]() mutable {
            std::make_shared<Session>(std::move(s), *this, target)->start();
        });
        accept();
    });
}

void Server::Impl::sweep(Worker& w) {
    w.sweep_timer.expires_after(std::chrono::milliseconds(250));
    w.sweep_timer.async_wait([this, &w](beast::error_code ec) {
        access_log.flush();
        if (ec) {
            return;
        }
        const auto now = std::chrono::steady_clock::now();
        // sweep() may close a session, which then leaves the set; iterate over a copy.
        const std::vector<Session*> sessions(w.sessions.begin(), w.sessions.end());
        for (Session* session : sessions) {
            session->sweep(now);
        }
        if (!stopping.load()) {
            sweep(w);
        }
    });
}

Server::Server(const Router& router, ServerOptions options, ErrorPages error_pages,
               AccessLog& access_log, Metrics& metrics)
    : impl_(std::make_unique<Impl>(router, std::move(options), std::move(error_pages), access_log,
                                   metrics)) {}

Server::~Server() = default;

Result<std::uint16_t> Server::listen(const std::string& host, std::uint16_t port) {
    Impl& s = *impl_;
    beast::error_code ec;
    const auto address = asio::ip::make_address(host, ec);
    if (ec) {
        return fail(Error::invalidInput("\"" + host + "\" is not an IP address to listen on"));
    }
    Worker& first = *s.workers.front();
    auto acceptor = std::make_unique<tcp::acceptor>(first.ctx);
    const tcp::endpoint endpoint(address, port);
    const auto failed = [&](std::string_view step) {
        return fail(Error::unavailable("cannot listen on " + host + ":" + std::to_string(port) +
                                       " (" + std::string(step) + ": " + ec.message() + ")"));
    };
    if (acceptor->open(endpoint.protocol(), ec); ec) {
        return failed("open");
    }
    acceptor->set_option(asio::socket_base::reuse_address(true), ec);  // restart over TIME_WAIT
    if (acceptor->bind(endpoint, ec); ec) {
        return failed("bind");
    }
    if (acceptor->listen(asio::socket_base::max_listen_connections, ec); ec) {
        return failed("listen");
    }
    const std::uint16_t bound = acceptor->local_endpoint().port();
    s.acceptor = std::move(acceptor);
    s.accept_retry = std::make_unique<asio::steady_timer>(first.ctx);
    // Asio records a signal that arrives before run() and delivers it once the loop runs.
    s.signals = std::make_unique<asio::signal_set>(first.ctx, SIGINT, SIGTERM);
    s.signals->async_wait([this](beast::error_code e, int) {
        if (!e) {
            stop();
        }
    });
    return bound;
}

void Server::run() {
    Impl& s = *impl_;
    MASTHEAD_CHECK(s.acceptor != nullptr, "listen() succeeded before run()");
    s.accept();
    for (auto& w : s.workers) {
        s.sweep(*w);
    }
    for (auto& w : s.workers) {
        Worker* worker = w.get();
        worker->thread = std::thread([worker, &s] {
            worker->ctx.run();
            s.access_log.flush();  // this thread's batch: lines of requests answered last
        });
    }
    // Waits for stop(), then for the workers to drain, then enforces the grace period.
    {
        std::unique_lock lock(s.done_mutex);
        s.done_cv.wait(lock, [&] { return s.stopping.load(); });
    }
    asio::post(s.workers.front()->ctx, [&s] { s.signals->cancel(); });
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
    asio::post(s.workers.front()->ctx, [&s] {
        beast::error_code ec;
        if (s.acceptor) {
            s.acceptor->close(ec);
        }
        if (s.accept_retry) {
            s.accept_retry->cancel();
        }
    });
    for (auto& w : s.workers) {
        Worker* worker = w.get();
        asio::post(worker->ctx, [worker, &s] {
            worker->sweep_timer.cancel();
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

}  // namespace masthead::http
