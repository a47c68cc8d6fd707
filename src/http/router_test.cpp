#include "http/router.h"

#include <gtest/gtest.h>

namespace masthead::http {
namespace {

Response named(std::string_view) { return Response{}; }

Router table() {
    const auto h = [](const Request&) { return named(""); };
    return Router({
        {Method::kGet, "/", "home", h},
        {Method::kGet, "/healthz", "healthz", h},
        {Method::kGet, "/static/{file}", "static", h},
        {Method::kPost, "/comments/{id}", "comment", h},
        {Method::kGet, "/{path...}/print", "print", h},
        {Method::kGet, "/{path...}", "page", h},
    });
}

TEST(Router, MatchesInTableOrderWithParameters) {
    const Router router = table();
    EXPECT_EQ(router.match(Method::kGet, "/").route->name, "home");
    EXPECT_EQ(router.match(Method::kGet, "/healthz").route->name, "healthz");

    auto s = router.match(Method::kGet, "/static/masthead.abc.css");
    ASSERT_NE(s.route, nullptr);
    EXPECT_EQ(s.route->name, "static");
    EXPECT_EQ(s.params,
              (std::vector<std::pair<std::string, std::string>>{{"file", "masthead.abc.css"}}));

    auto p = router.match(Method::kGet, "/opinion/editorials/china-and-defectors/print");
    ASSERT_NE(p.route, nullptr);
    EXPECT_EQ(p.route->name, "print");
    EXPECT_EQ(p.params.front().second, "opinion/editorials/china-and-defectors");

    auto a = router.match(Method::kGet, "/opinion/editorials/china-and-defectors");
    ASSERT_NE(a.route, nullptr);
    EXPECT_EQ(a.route->name, "page");
    EXPECT_EQ(a.params.front().second, "opinion/editorials/china-and-defectors");
}

TEST(Router, HeadMatchesGet) {
    const Router router = table();
    EXPECT_EQ(router.match(Method::kHead, "/healthz").route->name, "healthz");
}

TEST(Router, EmptySegmentsNeverMatchParameters) {
    const Router router = table();
    EXPECT_EQ(router.match(Method::kGet, "/static/").route, nullptr);
    EXPECT_EQ(router.match(Method::kGet, "/opinion//x").route, nullptr);
    EXPECT_EQ(router.match(Method::kGet, "/opinion/").route, nullptr);
}

TEST(Router, WrongMethodListsTheAllowedOnes) {
    const Router router = table();
    auto m = router.match(Method::kPost, "/healthz");
    EXPECT_EQ(m.route, nullptr);
    EXPECT_EQ(m.allowed, (std::vector<Method>{Method::kGet, Method::kHead}));
    auto c = router.match(Method::kGet, "/comments/12");
    EXPECT_EQ(c.route, nullptr);  // an address of its own: not the catch-all page
    EXPECT_EQ(c.allowed, (std::vector<Method>{Method::kPost}));
    auto post = router.match(Method::kPost, "/comments/12");
    ASSERT_NE(post.route, nullptr);
    EXPECT_EQ(post.route->name, "comment");
}

TEST(Router, AnExactAddressWithAnotherMethodIsNotTheCatchAll) {
    const auto h = [](const Request&) { return Response{}; };
    const Router router(
        {{Method::kPost, "/api/views", "beacon", h}, {Method::kGet, "/{path...}", "page", h}});
    auto get = router.match(Method::kGet, "/api/views");
    EXPECT_EQ(get.route, nullptr);
    EXPECT_EQ(get.allowed, (std::vector<Method>{Method::kPost}));
    auto del = router.match(Method::kDelete, "/api/views");
    EXPECT_EQ(del.allowed, (std::vector<Method>{Method::kPost}));
    EXPECT_EQ(router.match(Method::kGet, "/api/other").route->name, "page");
}

TEST(Request, AcceptsGzipUnlessRefused) {
    Request r;
    r.headers = {{"accept-encoding", "gzip, deflate, br"}};
    EXPECT_TRUE(r.acceptsGzip());
    r.headers = {{"accept-encoding", "br;q=1.0, GZIP;q=0.5"}};
    EXPECT_TRUE(r.acceptsGzip());
    r.headers = {{"accept-encoding", "gzip;q=0"}};
    EXPECT_FALSE(r.acceptsGzip());
    r.headers = {{"accept-encoding", "*;q=0, gzip"}};
    EXPECT_TRUE(r.acceptsGzip());
    r.headers = {{"accept-encoding", "*"}};
    EXPECT_TRUE(r.acceptsGzip());
    r.headers = {{"accept-encoding", "gzip;q=0, *"}};
    EXPECT_FALSE(r.acceptsGzip());
    r.headers = {{"accept-encoding", "identity"}};
    EXPECT_FALSE(r.acceptsGzip());
    r.headers = {};
    EXPECT_FALSE(r.acceptsGzip());
}

TEST(Request, CookiesAreFoundByName) {
    Request r;
    r.headers = {{"cookie", "a=1; mh_rid=0123abcd ;b=\"q\""}, {"cookie", "c=3"}};
    EXPECT_EQ(r.cookie("mh_rid"), "0123abcd");
    EXPECT_EQ(r.cookie("b"), "q");
    EXPECT_EQ(r.cookie("c"), "3");
    EXPECT_EQ(r.cookie("missing"), "");
}

TEST(Request, QueryParametersAreDecoded) {
    Request r;
    r.query = "page=2&q=hot+potato&k=%ED%95%9C";
    EXPECT_EQ(r.queryParam("page"), "2");
    EXPECT_EQ(r.queryParam("q"), "hot potato");
    EXPECT_EQ(r.queryParam("k"), "한");
    EXPECT_EQ(r.queryParam("missing"), std::nullopt);
    r.query = "page=%zz";
    EXPECT_EQ(r.queryParam("page"), std::nullopt);
}

}  // namespace
}  // namespace masthead::http
