#pragma once

#include <expected>
#include <string>
#include <utility>

namespace masthead {

/// What kind of failure an Error is. Handlers answer each with its HTTP status (400, 404, 409,
/// 503, 500); only `message` reaches the client.
enum class ErrorCode {
    kInvalidInput,  ///< the caller sent something malformed or out of range
    kNotFound,
    kConflict,
    kUnavailable,  ///< a backend (database, file) could not be used right now
    kInternal,     ///< a bug or an unexpected backend failure
};

/// An expected failure, returned as a value across module boundaries.
/// `message` may be shown to whoever caused the failure; `detail` is for the log only.
struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;
    std::string detail;

    static Error invalidInput(std::string message, std::string detail = {}) {
        return {ErrorCode::kInvalidInput, std::move(message), std::move(detail)};
    }
    static Error notFound(std::string message, std::string detail = {}) {
        return {ErrorCode::kNotFound, std::move(message), std::move(detail)};
    }
    static Error conflict(std::string message, std::string detail = {}) {
        return {ErrorCode::kConflict, std::move(message), std::move(detail)};
    }
    static Error unavailable(std::string message, std::string detail = {}) {
        return {ErrorCode::kUnavailable, std::move(message), std::move(detail)};
    }
    static Error internal(std::string message, std::string detail = {}) {
        return {ErrorCode::kInternal, std::move(message), std::move(detail)};
    }
};

template <typename T>
using Result = std::expected<T, Error>;

/// Shorthand for `return fail(Error::notFound(...))` in functions returning Result<T>.
inline std::unexpected<Error> fail(Error error) { return std::unexpected<Error>(std::move(error)); }

}  // namespace masthead
