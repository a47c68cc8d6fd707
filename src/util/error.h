#pragma once

#include <expected>
#include <string>
#include <utility>

namespace masthead {

/// What kind of failure an Error is. The site answers each with one HTTP status
/// (web/errors.h: 400, 404, 409, 422, 403, 429, 502, 503, 500); only `message` may reach the
/// client.
enum class ErrorCode {
    kInvalidInput,  ///< the caller sent something malformed or out of range
    kNotFound,
    kConflict,
    kRejected,     ///< well-formed but against a rule (a comment over 250 characters)
    kForbidden,    ///< not allowed to this caller (banned, wrong role, closed thread)
    kRateLimited,  ///< too soon or too many; `retry_after` says when to try again
    kUnavailable,  ///< a backend (database, file) could not be used right now
    kUpstream,     ///< a service outside Masthead (a login provider) failed or did not answer
    kInternal,     ///< a bug or an unexpected backend failure
};

/// An expected failure, returned as a value across module boundaries.
/// `message` may be shown to whoever caused the failure; `detail` is for the log only.
struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;
    std::string detail;
    long long retry_after = 0;  ///< seconds, for kRateLimited

    static Error invalidInput(std::string message, std::string detail = {}) {
        return {ErrorCode::kInvalidInput, std::move(message), std::move(detail), 0};
    }
    static Error notFound(std::string message, std::string detail = {}) {
        return {ErrorCode::kNotFound, std::move(message), std::move(detail), 0};
    }
    static Error conflict(std::string message, std::string detail = {}) {
        return {ErrorCode::kConflict, std::move(message), std::move(detail), 0};
    }
    static Error rejected(std::string message, std::string detail = {}) {
        return {ErrorCode::kRejected, std::move(message), std::move(detail), 0};
    }
    static Error forbidden(std::string message, std::string detail = {}) {
        return {ErrorCode::kForbidden, std::move(message), std::move(detail), 0};
    }
    static Error rateLimited(std::string message, long long retry_after_seconds) {
        return {ErrorCode::kRateLimited, std::move(message), {}, retry_after_seconds};
    }
    static Error unavailable(std::string message, std::string detail = {}) {
        return {ErrorCode::kUnavailable, std::move(message), std::move(detail), 0};
    }
    static Error upstream(std::string message, std::string detail = {}) {
        return {ErrorCode::kUpstream, std::move(message), std::move(detail), 0};
    }
    static Error internal(std::string message, std::string detail = {}) {
        return {ErrorCode::kInternal, std::move(message), std::move(detail), 0};
    }
};

template <typename T>
using Result = std::expected<T, Error>;

/// Shorthand for `return fail(Error::notFound(...))` in functions returning Result<T>.
inline std::unexpected<Error> fail(Error error) { return std::unexpected<Error>(std::move(error)); }

}  // namespace masthead
