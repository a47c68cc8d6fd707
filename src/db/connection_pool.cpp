#include "db/connection_pool.h"

#include "util/check.h"

namespace masthead::db {

ConnectionPool::ConnectionPool(StorageOptions options, std::size_t size)
    : options_(std::move(options)), size_(size) {
    MASTHEAD_CHECK(size > 0, "a pool holds at least one connection");
}

ConnectionPool::Lease::~Lease() {
    if (db_) {
        pool_.giveBack(std::move(db_));
    }
}

Result<ConnectionPool::Lease> ConnectionPool::lease() {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [this] { return !idle_.empty() || open_ < size_; });
    if (!idle_.empty()) {
        auto db = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(db));
    }
    ++open_;
    lock.unlock();
    auto db = connect(options_);  // slow (opens a file or a socket): not under the lock
    if (!db) {
        lock.lock();
        --open_;
        returned_.notify_one();
        return fail(db.error());
    }
    return Lease(*this, std::move(*db));
}

void ConnectionPool::giveBack(std::unique_ptr<Database> db) {
    // A connection given back inside a transaction (an error path that forgot to end it)
    // would hold its locks for the next user: end it here.
    db->rollback();
    {
        const std::lock_guard lock(mutex_);
        idle_.push_back(std::move(db));
    }
    returned_.notify_one();
}

}  // namespace masthead::db
