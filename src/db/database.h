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

    [[nodiscard]] virtual Dialect dialect() const = 0;

    /// A number that changes whenever another connection commits a change, so a long-running
    /// server can notice imports made by another process.
    [[nodiscard]] virtual Result<std::int64_t> changeMarker() = 0;
};

/// Runs `body(db)` in a transaction: commits when it returns a value, rolls back when it
/// returns an error (or throws), so a failure leaves nothing half-written.
template <typename F>
auto inTransaction(Database& db, F&& body) -> decltype(body(db)) {
    if (auto begun = db.begin(); !begun) {
        return fail(begun.error());
    }
    try {
        auto result = body(db);
        if (!result) {
            db.rollback();
            return result;
        }
        if (auto committed = db.commit(); !committed) {
            db.rollback();
            return fail(committed.error());
        }
        return result;
    } catch (...) {
        db.rollback();
        throw;
    }
}

}  // namespace masthead::db
