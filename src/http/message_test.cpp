#include "http/message.h"

#include <gtest/gtest.h>

#include "http/compression.h"
#include "http/metrics.h"

namespace masthead::http {
namespace {

TEST(Entity, TextGetsACachedGzipVariantWithItsOwnEtag) {
    std::string page;
    for (int i = 0; i < 100; ++i) {
        page += "<p>Paragraph " + std::to_string(i) + " of the article.</p>\n";
    }
    auto e = Entity::make("text/html; charset=utf-8", page, "public, max-age=60");
    ASSERT_FALSE(e->gzip_body.empty());
    EXPECT_LT(e->gzip_body.size(), e->body.size() / 3);
    EXPECT_EQ(gunzip(e->gzip_body), page);
    EXPECT_EQ(e->etag.front(), '"');
    EXPECT_NE(e->etag, e->gzip_etag);
    EXPECT_EQ(Entity::make("text/html", page, "")->etag, e->etag);  // stable for the same bytes
}

TEST(Entity, TinyOrBinaryBodiesAreNotCompressed) {
    EXPECT_TRUE(Entity::make("text/plain", "ok\n", "")->gzip_body.empty());
    EXPECT_TRUE(Entity::make("image/png", std::string(5000, 'x'), "")->gzip_body.empty());
}

TEST(Entity, OneOffResponsesAreCompressedWhenSentAndCarryNoValidator) {
    const std::string page(4000, 'a');
    auto e = Entity::makeOnce("text/html; charset=utf-8", page, "private, no-store");
    EXPECT_TRUE(e->etag.empty());
    EXPECT_TRUE(e->gzip_body.empty());
    EXPECT_TRUE(e->gzip_when_sent);
    EXPECT_EQ(e->body, page);
    EXPECT_FALSE(Entity::makeOnce("text/plain", "ok\n", "")->gzip_when_sent);
    EXPECT_FALSE(Entity::makeOnce("image/png", page, "")->gzip_when_sent);
}

TEST(Compression, StreamsKeptForTheNextCallGiveTheSameBytes) {
    std::string a;
    std::string b;
    for (int i = 0; i < 500; ++i) {
        a += "word" + std::to_string(i) + ' ';
        b += "other text " + std::to_string(i * 7) + '\n';
    }
    const std::string a1 = gzip(a, 1);
    const std::string a9 = gzip(a);
    EXPECT_EQ(gunzip(gzip(b, 1)), b);  // the level-1 stream, reset between uses
    EXPECT_EQ(gunzip(gzip(b)), b);
    EXPECT_EQ(gzip(a, 1), a1);
    EXPECT_EQ(gzip(a), a9);
    EXPECT_EQ(gunzip(a1), a);
    EXPECT_EQ(gunzip(gzip("", 1)), "");
}

TEST(Compression, PartsCompressedApartJoinIntoOneGzipMember) {
    std::string shell_before;
    std::string shell_after;
    for (int i = 0; i < 300; ++i) {
        shell_before += "<p>Paragraph " + std::to_string(i) + " of the article.</p>\n";
        shell_after += "<li>Popular story " + std::to_string(i) + "</li>\n";
    }
    const DeflatedPart before = deflatePart(shell_before, false);
    const DeflatedPart after = deflatePart(shell_after, true);
    for (const std::string middle : {"<form>A reader's own form, token abc</form>", "", "x"}) {
        const DeflatedPart own = deflatePart(middle, false, 1);
        const std::string joined = gzipJoin({&before, &own, &after});
        EXPECT_EQ(gunzip(joined), std::string(shell_before).append(middle).append(shell_after))
            << middle;
        EXPECT_LT(joined.size(), (shell_before.size() + shell_after.size()) / 5);
    }
    const DeflatedPart whole = deflatePart(shell_before, true);
    EXPECT_EQ(gunzip(gzipJoin({&whole})), shell_before);
    // A part larger than its first output buffer guess (incompressible bytes).
    std::string noise;
    std::uint32_t x = 12345;
    for (int i = 0; i < 100000; ++i) {
        x = x * 1103515245 + 12345;
        noise += static_cast<char>(x >> 24);
    }
    const DeflatedPart n1 = deflatePart(noise, false, 1);
    EXPECT_EQ(gunzip(gzipJoin({&n1, &after})), noise + shell_after);
}

TEST(Compression, GunzipRejectsGarbage) { EXPECT_EQ(gunzip("not gzip at all"), ""); }

TEST(Metrics, CountsByRouteAndStatusWithAHistogram) {
    Metrics m({"home", "page"});
    m.record(0, 200, std::chrono::microseconds(50));
    m.record(0, 200, std::chrono::milliseconds(3));
    m.record(1, 404, std::chrono::microseconds(200));
    m.record(m.unmatchedRoute(), 400, std::chrono::microseconds(10));
    const std::string text = m.renderPrometheus();
    EXPECT_NE(text.find("masthead_http_requests_total{route=\"home\",status=\"200\"} 2\n"),
              std::string::npos);
    EXPECT_NE(text.find("masthead_http_requests_total{route=\"page\",status=\"404\"} 1\n"),
              std::string::npos);
    EXPECT_NE(text.find("masthead_http_requests_total{route=\"unmatched\",status=\"400\"} 1\n"),
              std::string::npos);
    EXPECT_NE(
        text.find(
            "masthead_http_request_duration_seconds_bucket{route=\"home\",le=\"0.0001\"} 1\n"),
        std::string::npos);
    EXPECT_NE(
        text.find("masthead_http_request_duration_seconds_bucket{route=\"home\",le=\"0.005\"} 2\n"),
        std::string::npos);
    EXPECT_NE(text.find("masthead_http_request_duration_seconds_count{route=\"home\"} 2\n"),
              std::string::npos);
    EXPECT_NE(text.find("# TYPE masthead_http_request_duration_seconds histogram"),
              std::string::npos);
}

}  // namespace
}  // namespace masthead::http
