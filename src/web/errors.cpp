#include "web/errors.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "web/visitor.h"

namespace masthead::web {
namespace {

constexpr std::string_view kNoStore = "no-store";
/// How soon a client may try again after a 503.
constexpr std::string_view kUnavailableRetrySeconds = "5";

http::Response withRetry(http::Response response, int status, long long retry_after) {
    if (status == 429 && retry_after > 0) {
        response.with("Retry-After", std::to_string(retry_after));
    } else if (status == 503) {
        response.with("Retry-After", std::string(kUnavailableRetrySeconds));
    }
    return response;
}

}  // namespace

int statusOf(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidInput:
            return 400;
        case ErrorCode::kForbidden:
            return 403;
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kConflict:
            return 409;
        case ErrorCode::kRejected:
            return 422;
        case ErrorCode::kRateLimited:
            return 429;
        case ErrorCode::kInternal:
            return 500;
        case ErrorCode::kUpstream:
            return 502;
        case ErrorCode::kUnavailable:
            return 503;
    }
    return 500;
}

bool isApiPath(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

bool answersInJson(const http::Request& request) {
    return isApiPath(request.path) || wantsJson(request);
}

http::Response ErrorPages::json(int status, std::string_view message,
                                long long retry_after_seconds) {
    nlohmann::json body{{"error", message}};
    if (retry_after_seconds > 0) {
        body["retry_after"] = retry_after_seconds;
    }
    return withRetry(
        http::Response::of(status,
                           http::Entity::makeOnce(
                               "application/json; charset=utf-8",
                               body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                               std::string(kNoStore))),
        status, retry_after_seconds);
}

http::Response ErrorPages::fixedPage(int status, std::string_view message) const {
    const auto tree = catalog_.sections();
    const std::string key = "\x01error " + std::to_string(status) + " " + std::string(message);
    return withRetry(
        http::Response::of(status, cache_.get(key, tree->generation(),
                                              [&] {
                                                  return http::Entity::make(
                                                      "text/html; charset=utf-8",
                                                      renderer_.error(*tree, status, message),
                                                      std::string(kNoStore));
                                              })),
        status, 0);
}

http::Response ErrorPages::page(int status, std::string_view message, BackLink back) const {
    const auto tree = catalog_.sections();
    return withRetry(
        http::Response::of(status, http::Entity::makeOnce("text/html; charset=utf-8",
                                                          renderer_.error(*tree, status, message,
                                                                          back.url, back.label),
                                                          std::string(kNoStore))),
        status, 0);
}

http::Response ErrorPages::answer(const http::Request& request, int status,
                                  std::string_view message, BackLink back) const {
    return answersInJson(request) ? json(status, message) : page(status, message, back);
}

std::string_view ErrorPages::shown(const http::Request& request, const Error& error,
                                   std::string_view unavailable) {
    if (error.code != ErrorCode::kUnavailable && error.code != ErrorCode::kInternal) {
        return error.message;
    }
    // What failed behind the site is for the operator; the client gets a plain sentence.
    std::fprintf(stderr, "masthead: %s %s: %s%s%s (request %s)\n", request.method_text.c_str(),
                 request.path.c_str(), error.message.c_str(), error.detail.empty() ? "" : ": ",
                 error.detail.c_str(), request.request_id.c_str());
    return unavailable;
}

http::Response ErrorPages::json(const http::Request& request, const Error& error,
                                std::string_view unavailable) {
    return json(statusOf(error), shown(request, error, unavailable),
                error.code == ErrorCode::kRateLimited ? error.retry_after : 0);
}

http::Response ErrorPages::answer(const http::Request& request, const Error& error,
                                  std::string_view unavailable, BackLink back) const {
    if (answersInJson(request)) {
        return json(request, error, unavailable);
    }
    http::Response response = page(statusOf(error), shown(request, error, unavailable), back);
    if (error.code == ErrorCode::kRateLimited && error.retry_after > 0) {
        response.with("Retry-After", std::to_string(error.retry_after));
    }
    return response;
}

}  // namespace masthead::web
