#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace masthead::http {

/// Request counts by route and status and a latency histogram by route, exported in the
/// Prometheus text format. Recording is wait-free: counters are sharded by thread so two
/// cores never write the same cache line; rendering sums the shards.
class Metrics {
  public:
    /// `routes` are the route names in table order; one more, "unmatched", is added for
    /// requests that matched no route or failed before routing.
    explicit Metrics(std::vector<std::string> routes);

    [[nodiscard]] std::size_t unmatchedRoute() const { return routes_.size() - 1; }
    void record(std::size_t route, int status, std::chrono::nanoseconds latency);
    [[nodiscard]] std::string renderPrometheus() const;

    static constexpr std::array<double, 12> kBucketsSeconds = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5};

  private:
    static constexpr std::size_t kShards = 8;
    static constexpr int kMinStatus = 100;
    static constexpr int kStatuses = 500;  // 100..599
    struct alignas(64) RouteShard {
        std::array<std::atomic<std::uint64_t>, kStatuses> by_status{};
        std::array<std::atomic<std::uint64_t>, kBucketsSeconds.size() + 1> buckets{};
        std::atomic<std::uint64_t> sum_ns{0};
    };
    [[nodiscard]] RouteShard& shard(std::size_t route);

    std::vector<std::string> routes_;
    // [shard * routes + route]: sized once by the constructor and never grown, since its
    // atomics cannot move.
    std::vector<RouteShard> shards_;
};

}  // namespace masthead::http
