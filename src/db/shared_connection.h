#pragma once

#include <mutex>
#include <utility>

#include "db/database.h"

namespace masthead::db {

/// One connection used by many request threads, one at a time. SQLite admits one writer
/// anyway, so the services that write from request handlers (sessions, comments) share a
/// connection of their own and take turns on it; nothing slow runs while the lock is held.
class SharedConnection {
  public:
    explicit SharedConnection(Database& db) : db_(db) {}
    SharedConnection(const SharedConnection&) = delete;
    SharedConnection& operator=(const SharedConnection&) = delete;

    /// Runs `body(db)` with the connection to itself.
    template <typename F>
    auto with(F&& body) -> decltype(body(std::declval<Database&>())) {
        const std::lock_guard lock(mutex_);
        return body(db_);
    }

  private:
    std::mutex mutex_;
    Database& db_;
};

}  // namespace masthead::db
