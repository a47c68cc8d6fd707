#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "util/error.h"

namespace masthead::db {

/// A bound parameter or a column value. Text is UTF-8; times are stored as Unix seconds.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

class Row {
  public:
    explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
    [[nodiscard]] bool isNull(std::size_t i) const {
        return std::holds_alternative<std::nullptr_t>(values_.at(i));
    }
    /// Integer column; 0 when NULL.
    [[nodiscard]] std::int64_t integer(std::size_t i) const;
    /// Text column; "" when NULL.
    [[nodiscard]] std::string text(std::size_t i) const;
    [[nodiscard]] std::size_t size() const { return values_.size(); }

  private:
    std::vector<Value> values_;
};

using Rows = std::vector<Row>;

enum class Dialect { kSqlite, kPostgres };

/// The one SQL layer: every store writes portable SQL against it with `$1, $2, ...`
/// placeholders. Each driver translates its engine's errors into Error (kConflict for
/// constraint violations, kUnavailable for busy/locked/IO, kInternal otherwise).
/// A Database object is one connection: not thread-safe; give each thread its own.
class Database {
  public:
    virtual ~Database() = default;

    [[nodiscard]] virtual Result<Rows> query(std::string_view sql,
                                             std::initializer_list<Value> params = {}) = 0;
    /// Runs a statement; returns the number of rows it changed.
    [[nodiscard]] virtual Result<std::int64_t> execute(
        std::string_view sql, std::initializer_list<Value> params = {}) = 0;
    /// Runs several statements without parameters (migrations).
    [[nodiscard]] virtual Result<void> executeScript(std::string_view sql) = 0;

    [[nodiscard]] virtual Result<void> begin() = 0;
    [[nodiscard]] virtual Result<void> commit() = 0;
    virtual void rollback() = 0;
    /// True between begin() and commit() or rollback().
    [[nodiscard]] virtual bool isInTransaction() const = 0;

    [[nodiscard]] virtual Dialect dialect() const = 0;

    /// A number that changes whenever another connection commits a change: the cheap check
    /// a follower of the change log (db/change_log.h) makes before reading it.
    [[nodiscard]] virtual Result<std::int64_t> changeMarker() = 0;
};

/// Runs `body(db)` in a transaction: commits when it returns a value, rolls back when it
/// returns an error (or throws), so a failure leaves nothing half-written. Inside a
/// transaction already (a batch of imports), it runs in a savepoint instead: a failure undoes
/// this body's writes only, and the caller's transaction goes on.
template <typename F>
auto inTransaction(Database& db, F&& body) -> decltype(body(db)) {
    const bool nested = db.isInTransaction();
    // Savepoints as prepared statements (execute caches them): a batch of imports takes one
    // per file.
    if (nested) {
        if (auto begun = db.execute("SAVEPOINT masthead_step"); !begun) {
            return fail(begun.error());
        }
    } else if (auto begun = db.begin(); !begun) {
        return fail(begun.error());
    }
    const auto undo = [&] {
        if (nested) {
            (void)db.execute("ROLLBACK TO masthead_step");
            (void)db.execute("RELEASE masthead_step");
        } else {
            db.rollback();
        }
    };
    try {
        auto result = body(db);
        if (!result) {
            undo();
            return result;
        }
        if (nested) {
            if (auto released = db.execute("RELEASE masthead_step"); !released) {
                undo();
                return fail(released.error());
            }
        } else if (auto committed = db.commit(); !committed) {
            undo();
            return fail(committed.error());
        }
        return result;
    } catch (...) {
        undo();
        throw;
    }
}

}  // namespace masthead::db
