#include "web/errors.h"

#include <gtest/gtest.h>

#include <array>
#include <nlohmann/json.hpp>

namespace masthead::web {
namespace {

std::string retryAfter(const http::Response& r) {
    for (const http::Header& h : r.headers) {
        if (h.name == "Retry-After") {
            return h.value;
        }
    }
    return "";
}

TEST(StatusOf, OneStatusForEachKindOfError) {
    const auto table = std::to_array<std::pair<ErrorCode, int>>({
        {ErrorCode::kInvalidInput, 400},
        {ErrorCode::kForbidden, 403},
        {ErrorCode::kNotFound, 404},
        {ErrorCode::kConflict, 409},
        {ErrorCode::kRejected, 422},
        {ErrorCode::kRateLimited, 429},
        {ErrorCode::kInternal, 500},
        {ErrorCode::kUpstream, 502},
        {ErrorCode::kUnavailable, 503},
    });
    for (const auto& [code, status] : table) {
        EXPECT_EQ(statusOf(code), status);
        EXPECT_EQ(statusOf(Error{code, "m", "d", 0}), status);
    }
}

TEST(AnswersInJson, ApiAddressesAlwaysOtherAddressesWhenAsked) {
    http::Request api;
    api.path = "/api/comments";
    EXPECT_TRUE(answersInJson(api));
    http::Request page;
    page.path = "/comments/4";
    EXPECT_FALSE(answersInJson(page));
    page.headers.push_back({"accept", "application/json"});
    EXPECT_TRUE(answersInJson(page));
    EXPECT_TRUE(isApiPath("/api"));
    EXPECT_TRUE(isApiPath("/api/views"));
    EXPECT_FALSE(isApiPath("/apiary"));
    EXPECT_FALSE(isApiPath(""));
}

TEST(ErrorPagesJson, TheMessageAndWhenToRetry) {
    const http::Response plain = ErrorPages::json(400, "Use ?ids=1,2.");
    EXPECT_EQ(plain.status, 400);
    ASSERT_TRUE(plain.entity);
    EXPECT_EQ(plain.entity->content_type, "application/json; charset=utf-8");
    EXPECT_EQ(plain.entity->cache_control, "no-store");
    EXPECT_EQ(nlohmann::json::parse(plain.entity->body),
              nlohmann::json({{"error", "Use ?ids=1,2."}}));

    const http::Response limited = ErrorPages::json(429, "Too soon.", 30);
    EXPECT_EQ(nlohmann::json::parse(limited.entity->body)["retry_after"], 30);
    EXPECT_EQ(retryAfter(limited), "30");
    EXPECT_EQ(retryAfter(ErrorPages::json(503, "Later.")), "5");
}

TEST(ErrorPagesJson, BackendFailuresAreToldInThePlainSentence) {
    http::Request request;
    request.path = "/api/comments";
    const http::Response r = ErrorPages::json(
        request, Error::unavailable("database is locked", "SQLITE_BUSY"), "Not now.");
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(nlohmann::json::parse(r.entity->body)["error"], "Not now.");
    const http::Response told =
        ErrorPages::json(request, Error::upstream("Google did not answer."), "Not now.");
    EXPECT_EQ(told.status, 502);
    EXPECT_EQ(nlohmann::json::parse(told.entity->body)["error"], "Google did not answer.");
}

}  // namespace
}  // namespace masthead::web
