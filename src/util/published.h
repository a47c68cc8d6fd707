#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "util/instance.h"

namespace masthead {

/// An immutable value that many threads read and one thread now and then replaces (the
/// section tree, the popularity ranking). get() is cheap on the hot path: each thread keeps
/// its own reference and takes the shared one again only after publish(), so readers on
/// different cores do not contend on one reference count. Thread-safe.
template <class T>
class Published {
  public:
    explicit Published(std::shared_ptr<const T> initial) : current_(std::move(initial)) {}
    Published(const Published&) = delete;
    Published& operator=(const Published&) = delete;

    [[nodiscard]] std::shared_ptr<const T> get() const {
        struct Cached {
            std::uint64_t owner = 0;  ///< the instance (a new object may reuse an address)
            std::uint64_t published = 0;
            std::shared_ptr<const T> value;
        };
        thread_local Cached cached;
        const std::uint64_t published = published_.load(std::memory_order_acquire);
        if (cached.owner != instance_ || cached.published != published || !cached.value) {
            cached = {instance_, published, current_.load(std::memory_order_acquire)};
        }
        return cached.value;
    }

    void publish(std::shared_ptr<const T> next) {
        current_.store(std::move(next), std::memory_order_release);
        published_.fetch_add(1, std::memory_order_acq_rel);
    }

  private:
    const std::uint64_t instance_ = nextInstance();
    std::atomic<std::shared_ptr<const T>> current_;
    std::atomic<std::uint64_t> published_{0};
};

}  // namespace masthead
