#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "db/storage.h"

namespace masthead::db {

/// Connections for many threads, each used by one thread at a time: a thread leases one,
/// uses it and gives it back when the lease ends. Connections open on first need, up to
/// `size`; when all are leased, lease() waits for one. Thread-safe.
class ConnectionPool {
  public:
    ConnectionPool(StorageOptions options, std::size_t size);
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    /// A connection for the lease's lifetime; returned to the pool when it ends.
    class Lease {
      public:
        Lease(Lease&& other) noexcept : pool_(other.pool_), db_(std::move(other.db_)) {}
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease();
        Database& operator*() const { return *db_; }
        Database* operator->() const { return db_.get(); }

      private:
        friend class ConnectionPool;
        Lease(ConnectionPool& pool, std::unique_ptr<Database> db)
            : pool_(pool), db_(std::move(db)) {}
        ConnectionPool& pool_;
        std::unique_ptr<Database> db_;
    };

    /// A free connection, opening one if fewer than `size` exist. kUnavailable when a new
    /// connection cannot be opened.
    [[nodiscard]] Result<Lease> lease();

    /// Runs `body(db)` on a leased connection; a failure to lease is returned as its error.
    template <typename F>
    auto with(F&& body) -> decltype(body(std::declval<Database&>())) {
        auto lease = this->lease();
        if (!lease) {
            return fail(lease.error());
        }
        return body(**lease);
    }

    [[nodiscard]] const StorageOptions& options() const { return options_; }

  private:
    void giveBack(std::unique_ptr<Database> db);

    StorageOptions options_;
    std::size_t size_;
    std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<Database>> idle_;
    std::size_t open_ = 0;
};

}  // namespace masthead::db
