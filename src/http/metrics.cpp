#include "http/metrics.h"

#include <cstdio>

namespace masthead::http {
namespace {

std::size_t threadShard() {
    static std::atomic<std::size_t> next{0};
    thread_local const std::size_t index = next.fetch_add(1);
    return index;
}

}  // namespace

Metrics::Metrics(std::vector<std::string> routes) : routes_(std::move(routes)) {
    routes_.emplace_back("unmatched");
    shards_ = std::vector<RouteShard>(kShards * routes_.size());
}

Metrics::RouteShard& Metrics::shard(std::size_t route) {
    return shards_[(threadShard() % kShards) * routes_.size() + route];
}

void Metrics::record(std::size_t route, int status, std::chrono::nanoseconds latency) {
    if (route >= routes_.size()) {
        route = unmatchedRoute();
    }
    RouteShard& s = shard(route);
    if (status >= kMinStatus && status < kMinStatus + kStatuses) {
        s.by_status[static_cast<std::size_t>(status - kMinStatus)].fetch_add(
            1, std::memory_order_relaxed);
    }
    const double seconds = std::chrono::duration<double>(latency).count();
    std::size_t b = 0;
    while (b < kBucketsSeconds.size() && seconds > kBucketsSeconds[b]) {
        ++b;
    }
    s.buckets[b].fetch_add(1, std::memory_order_relaxed);
    s.sum_ns.fetch_add(static_cast<std::uint64_t>(latency.count()), std::memory_order_relaxed);
}

std::string Metrics::renderPrometheus() const {
    std::string out;
    std::array<char, 256> line{};
    out += "# HELP masthead_http_requests_total HTTP requests answered, by route and status.\n";
    out += "# TYPE masthead_http_requests_total counter\n";
    for (std::size_t r = 0; r < routes_.size(); ++r) {
        for (int i = 0; i < kStatuses; ++i) {
            std::uint64_t n = 0;
            for (std::size_t k = 0; k < kShards; ++k) {
                n += shards_[k * routes_.size() + r].by_status[static_cast<std::size_t>(i)].load(
                    std::memory_order_relaxed);
            }
            if (n > 0) {
                std::snprintf(line.data(), line.size(),
                              "masthead_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
                              routes_[r].c_str(), i + kMinStatus,
                              static_cast<unsigned long long>(n));
                out += line.data();
            }
        }
    }
    out +=
        "# HELP masthead_http_request_duration_seconds Time from a request being parsed "
        "(headers and body) to its response being handed to the socket.\n";
    out += "# TYPE masthead_http_request_duration_seconds histogram\n";
    for (std::size_t r = 0; r < routes_.size(); ++r) {
        std::array<std::uint64_t, kBucketsSeconds.size() + 1> buckets{};
        std::uint64_t sum_ns = 0;
        for (std::size_t k = 0; k < kShards; ++k) {
            const RouteShard& s = shards_[k * routes_.size() + r];
            for (std::size_t b = 0; b < buckets.size(); ++b) {
                buckets[b] += s.buckets[b].load(std::memory_order_relaxed);
            }
            sum_ns += s.sum_ns.load(std::memory_order_relaxed);
        }
        std::uint64_t cumulative = 0;
        for (std::size_t b = 0; b < buckets.size(); ++b) {
            cumulative += buckets[b];
            if (b < kBucketsSeconds.size()) {
                std::snprintf(
                    line.data(), line.size(),
                    "masthead_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} "
                    "%llu\n",
                    routes_[r].c_str(), kBucketsSeconds[b],
                    static_cast<unsigned long long>(cumulative));
            } else {
                std::snprintf(
                    line.data(), line.size(),
                    "masthead_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} "
                    "%llu\n",
                    routes_[r].c_str(), static_cast<unsigned long long>(cumulative));
            }
            out += line.data();
        }
        std::snprintf(line.data(), line.size(),
                      "masthead_http_request_duration_seconds_sum{route=\"%s\"} %.9f\n"
                      "masthead_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
                      routes_[r].c_str(), static_cast<double>(sum_ns) / 1e9, routes_[r].c_str(),
                      static_cast<unsigned long long>(cumulative));
        out += line.data();
    }
    return out;
}

}  // namespace masthead::http
