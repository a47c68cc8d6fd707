#include "http/response_plan.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "http/compression.h"

namespace masthead::http {
namespace {

/// A cached page with a gzip variant and both validators.
std::shared_ptr<Entity> page() {
    auto e = std::make_shared<Entity>();
    e->content_type = "text/html";
    e->body = "plain body";
    e->gzip_body = "gz";
    e->etag = "\"e\"";
    e->gzip_etag = "\"e-gz\"";
    e->cache_control = "public, max-age=60";
    return e;
}

Request request(Method method, std::vector<Header> headers = {}) {
    Request r;
    r.method = method;
    r.headers = std::move(headers);
    return r;
}

const Header kAcceptsGzip{"accept-encoding", "gzip, deflate"};

ResponsePlan plan(const Request& r, const Response& response) {
    std::string compressed;
    return planResponse(r, response, compressed);
}

TEST(ResponsePlan, SendsTheGzipVariantOnlyToClientsThatTakeIt) {
    const Response response = Response::of(200, page());
    const ResponsePlan identity = plan(request(Method::kGet), response);
    EXPECT_EQ(identity.status, 200);
    EXPECT_EQ(identity.body, "plain body");
    EXPECT_EQ(identity.content_length, 10u);
    EXPECT_FALSE(identity.gzip);

    const ResponsePlan gzipped = plan(request(Method::kGet, {kAcceptsGzip}), response);
    EXPECT_EQ(gzipped.body, "gz");
    EXPECT_EQ(gzipped.content_length, 2u);
    EXPECT_TRUE(gzipped.gzip);

    const ResponsePlan refused =
        plan(request(Method::kGet, {{"accept-encoding", "gzip;q=0"}}), response);
    EXPECT_FALSE(refused.gzip);
    EXPECT_EQ(refused.body, "plain body");
}

TEST(ResponsePlan, CompressesAOneOffResponseWhenSentIfThatIsSmaller) {
    const std::string text(4000, 'a');
    const Response response = Response::of(200, Entity::makeOnce("text/html", text, "private"));
    std::string compressed;
    const ResponsePlan gzipped =
        planResponse(request(Method::kGet, {kAcceptsGzip}), response, compressed);
    EXPECT_TRUE(gzipped.gzip);
    EXPECT_EQ(gzipped.body.data(), compressed.data());
    EXPECT_EQ(gunzip(std::string(gzipped.body)), text);

    std::string unused;
    const ResponsePlan identity = planResponse(request(Method::kGet), response, unused);
    EXPECT_FALSE(identity.gzip);
    EXPECT_EQ(identity.body, text);
    EXPECT_TRUE(unused.empty());

    // Two bytes only grow in gzip: sent as they are.
    auto tiny = std::make_shared<Entity>();
    tiny->content_type = "text/plain";
    tiny->body = "ok";
    tiny->gzip_when_sent = true;
    const ResponsePlan small = plan(request(Method::kGet, {kAcceptsGzip}), Response::of(200, tiny));
    EXPECT_FALSE(small.gzip);
    EXPECT_EQ(small.body, "ok");
}

TEST(ResponsePlan, NotModifiedWhenIfNoneMatchNamesTheEntity) {
    const Response response = Response::of(200, page());
    const auto status = [&response](Method method, std::string if_none_match) {
        return plan(request(method, {{"if-none-match", std::move(if_none_match)}}), response)
            .status;
    };
    EXPECT_EQ(status(Method::kGet, "\"e\""), 304);
    EXPECT_EQ(status(Method::kGet, "\"e-gz\""), 304);
    EXPECT_EQ(status(Method::kGet, "W/\"e\""), 304);
    EXPECT_EQ(status(Method::kGet, "\"other\", \"e\""), 304);
    EXPECT_EQ(status(Method::kGet, "*"), 304);
    EXPECT_EQ(status(Method::kHead, "\"e\""), 304);
    EXPECT_EQ(status(Method::kGet, "\"other\""), 200);
    EXPECT_EQ(status(Method::kGet, "e"), 200);
    EXPECT_EQ(status(Method::kPost, "\"e\""), 200);

    const ResponsePlan not_modified =
        plan(request(Method::kGet, {{"if-none-match", "\"e\""}}), response);
    EXPECT_TRUE(not_modified.body.empty());

    // Only a 200 becomes a 304, and only an entity with a validator.
    EXPECT_EQ(
        plan(request(Method::kGet, {{"if-none-match", "*"}}), Response::of(404, page())).status,
        404);
    const auto once = Entity::makeOnce("text/html", "<p>hello</p>", "private");
    EXPECT_FALSE(etagMatches("*", *once));
    EXPECT_EQ(plan(request(Method::kGet, {{"if-none-match", "*"}}), Response::of(200, once)).status,
              200);
}

TEST(ResponsePlan, HeadAndNoContentSendNoBodyButHeadKeepsItsLength) {
    const ResponsePlan head =
        plan(request(Method::kHead, {kAcceptsGzip}), Response::of(200, page()));
    EXPECT_EQ(head.status, 200);
    EXPECT_TRUE(head.body.empty());
    EXPECT_EQ(head.content_length, 2u);
    EXPECT_TRUE(head.gzip);

    const ResponsePlan no_content = plan(request(Method::kPost), Response::of(204, page()));
    EXPECT_TRUE(no_content.body.empty());
    EXPECT_EQ(no_content.content_length, 10u);

    const ResponsePlan empty = plan(request(Method::kGet), Response::of(303, nullptr));
    EXPECT_TRUE(empty.body.empty());
    EXPECT_EQ(empty.content_length, 0u);
}

std::string head(const Response& response, const ResponsePlan& plan, bool close = false,
                 unsigned version = 11) {
    std::string out = "left over from the last response";
    writeHead(out, response, plan, {"Sun, 01 Mar 2026 12:00:00 GMT", "0123abcd", close, version});
    return out;
}

TEST(ResponseHead, StatusLineDateRequestIdAndSecurityHeadersFirst) {
    const Response response = Response::of(200, page());
    const std::string h = head(response, plan(request(Method::kGet), response));
    EXPECT_TRUE(
        h.starts_with("HTTP/1.1 200 OK\r\n"
                      "Date: Sun, 01 Mar 2026 12:00:00 GMT\r\n"
                      "X-Request-Id: 0123abcd\r\n"
                      "Content-Security-Policy: default-src 'self'; "))
        << h;
    EXPECT_NE(h.find("\r\nX-Content-Type-Options: nosniff\r\n"), std::string::npos);
    EXPECT_NE(h.find("\r\nReferrer-Policy: strict-origin-when-cross-origin\r\n"),
              std::string::npos);
    EXPECT_NE(h.find("\r\nX-Frame-Options: DENY\r\n"), std::string::npos);
    EXPECT_EQ(h.find("left over"), std::string::npos);
}

// docs/operations.md shows the security headers every response carries in a code block under
// "## Security headers"; they must be exactly the ones the head sends, in that order.
TEST(ResponseHead, TheDocumentedSecurityHeadersAreTheOnesSent) {
    std::ifstream doc(std::filesystem::path(MASTHEAD_SOURCE_DIR) / "docs/operations.md");
    ASSERT_TRUE(doc) << "docs/operations.md";
    std::vector<std::string> documented;
    bool section = false;
    bool block = false;
    for (std::string line; std::getline(doc, line);) {
        if (line.starts_with("## ")) {
            section = line == "## Security headers";
        } else if (section && line.starts_with("```")) {
            if (block) {
                break;
            }
            block = true;
        } else if (section && block) {
            documented.push_back(line);
        }
    }
    ASSERT_FALSE(documented.empty()) << "no header block under ## Security headers";

    const Response response = Response::of(200, page());
    const std::string h = head(response, plan(request(Method::kGet), response));
    std::vector<std::string> sent;
    std::istringstream lines(h);
    for (std::string line; std::getline(lines, line);) {
        if (line.ends_with('\r')) {
            line.pop_back();
        }
        const std::string name = line.substr(0, line.find(':'));
        if (name == "Content-Security-Policy" || name == "X-Content-Type-Options" ||
            name == "Referrer-Policy" || name == "X-Frame-Options" ||
            name == "Strict-Transport-Security" || name == "Permissions-Policy") {
            sent.push_back(line);
        }
    }
    EXPECT_EQ(documented, sent);
}

TEST(ResponseHead, EntityHeaders) {
    const Response response = Response::of(200, page());
    EXPECT_TRUE(head(response, plan(request(Method::kGet), response))
                    .ends_with("X-Frame-Options: DENY\r\n"
                               "Content-Type: text/html\r\n"
                               "Content-Length: 10\r\n"
                               "ETag: \"e\"\r\n"
                               "Cache-Control: public, max-age=60\r\n"
                               "Vary: Accept-Encoding\r\n"
                               "\r\n"));
    EXPECT_TRUE(head(response, plan(request(Method::kGet, {kAcceptsGzip}), response))
                    .ends_with("Content-Type: text/html\r\n"
                               "Content-Length: 2\r\n"
                               "Content-Encoding: gzip\r\n"
                               "ETag: \"e-gz\"\r\n"
                               "Cache-Control: public, max-age=60\r\n"
                               "Vary: Accept-Encoding\r\n"
                               "\r\n"));
    // A 304 carries the validator and caching, not the body's type and length.
    const std::string not_modified =
        head(response, plan(request(Method::kGet, {{"if-none-match", "\"e\""}}), response));
    EXPECT_TRUE(not_modified.starts_with("HTTP/1.1 304 Not Modified\r\n"));
    EXPECT_TRUE(
        not_modified.ends_with("X-Frame-Options: DENY\r\n"
                               "ETag: \"e\"\r\n"
                               "Cache-Control: public, max-age=60\r\n"
                               "Vary: Accept-Encoding\r\n"
                               "\r\n"));
    // Without a gzip variant there is nothing to vary on.
    const Response plain = Response::of(200, Entity::make("image/png", "png", ""));
    const std::string png = head(plain, plan(request(Method::kGet, {kAcceptsGzip}), plain));
    EXPECT_EQ(png.find("Vary:"), std::string::npos);
    EXPECT_EQ(png.find("Cache-Control:"), std::string::npos);
    EXPECT_NE(png.find("\r\nContent-Length: 3\r\n"), std::string::npos);
}

TEST(ResponseHead, NoEntityExtraHeadersAndConnection) {
    Response redirect = Response::of(303, nullptr);
    redirect.with("Location", "/next");
    const ResponsePlan redirect_plan = plan(request(Method::kPost), redirect);
    EXPECT_TRUE(head(redirect, redirect_plan)
                    .ends_with("X-Frame-Options: DENY\r\n"
                               "Content-Length: 0\r\n"
                               "Location: /next\r\n"
                               "\r\n"));
    EXPECT_TRUE(head(redirect, redirect_plan, true)
                    .ends_with("Location: /next\r\nConnection: close\r\n\r\n"));
    EXPECT_TRUE(head(redirect, redirect_plan, false, 10)
                    .ends_with("Location: /next\r\nConnection: keep-alive\r\n\r\n"));
    EXPECT_TRUE(head(redirect, redirect_plan, true, 10)
                    .ends_with("Location: /next\r\nConnection: close\r\n\r\n"));

    const Response no_content = Response::of(204, nullptr);
    const std::string h = head(no_content, plan(request(Method::kDelete), no_content));
    EXPECT_TRUE(h.starts_with("HTTP/1.1 204 No Content\r\n"));
    EXPECT_EQ(h.find("Content-Length"), std::string::npos);
}

}  // namespace
}  // namespace masthead::http
