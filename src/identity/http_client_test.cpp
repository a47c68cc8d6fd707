#include "identity/http_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace masthead::identity {
namespace {

using std::chrono::milliseconds;

TEST(PercentEncode, KeepsOnlyUnreservedCharacters) {
    EXPECT_EQ(percentEncode("AZaz09-._~"), "AZaz09-._~");
    EXPECT_EQ(percentEncode("a b&c=d/e?f+g"), "a%20b%26c%3Dd%2Fe%3Ff%2Bg");
    EXPECT_EQ(percentEncode("\xed\x95\x9c"), "%ED%95%9C");
    EXPECT_EQ(formEncode({{"scope", "openid profile"}, {"x", ""}}), "scope=openid%20profile&x=");
}

TEST(ProviderUrl, HttpsAnywhereHttpOnlyOnLoopback) {
    EXPECT_TRUE(isAllowedProviderUrl("https://accounts.google.com/o/oauth2/v2/auth"));
    EXPECT_TRUE(isAllowedProviderUrl("http://127.0.0.1:9010/token"));
    EXPECT_TRUE(isAllowedProviderUrl("http://[::1]:9010/token"));
    EXPECT_TRUE(isAllowedProviderUrl("http://localhost/jwks"));
    EXPECT_FALSE(isAllowedProviderUrl("http://example.com/token"));
    EXPECT_FALSE(isAllowedProviderUrl("http://127.0.0.1@example.com/token"));
    EXPECT_FALSE(isAllowedProviderUrl("http://127.0.0.1.example.com/"));
    EXPECT_FALSE(isAllowedProviderUrl("ftp://127.0.0.1/"));
    EXPECT_FALSE(isAllowedProviderUrl("https:///nohost"));
    EXPECT_FALSE(isAllowedProviderUrl("javascript:alert(1)"));
}

/// A loopback socket that listens but never accepts: the kernel completes the connection,
/// then nothing answers, so the client's timeout is what ends the call.
class SilentServer {
  public:
    SilentServer() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof addr;
        auto* any = reinterpret_cast<sockaddr*>(&addr);
        EXPECT_EQ(::bind(fd_, any, size), 0);
        EXPECT_EQ(::listen(fd_, 4), 0);
        EXPECT_EQ(::getsockname(fd_, any, &size), 0);
        port_ = ntohs(addr.sin_port);
    }
    ~SilentServer() { ::close(fd_); }
    SilentServer(const SilentServer&) = delete;
    SilentServer& operator=(const SilentServer&) = delete;

    [[nodiscard]] std::string url() const {
        return "http://127.0.0.1:" + std::to_string(port_) + "/token";
    }

  private:
    int fd_ = -1;
    int port_ = 0;
};

TEST(CurlHttpClient, ASilentProviderTimesOut) {
    SilentServer server;
    CurlHttpClient http;
    auto reply = http.postForm(server.url(), {{"a", "b"}}, {}, milliseconds(200));
    ASSERT_FALSE(reply);
    EXPECT_EQ(reply.error().code, ErrorCode::kUpstream);
    EXPECT_EQ(reply.error().message, "The login provider did not answer in time");
    EXPECT_NE(reply.error().detail.find("127.0.0.1"), std::string::npos);
}

TEST(CurlHttpClient, AClosedPortCannotBeReached) {
    std::string url;
    {
        SilentServer gone;
        url = gone.url();
    }
    CurlHttpClient http;
    auto reply = http.get(url, {}, milliseconds(2000));
    ASSERT_FALSE(reply);
    EXPECT_EQ(reply.error().code, ErrorCode::kUpstream);
    EXPECT_EQ(reply.error().message, "The login provider could not be reached");
}

TEST(CurlHttpClient, RefusesPlainHttpBeyondLoopbackWithoutCallingOut) {
    CurlHttpClient http;
    auto reply = http.get("http://provider.example/userinfo", {}, milliseconds(100));
    ASSERT_FALSE(reply);
    EXPECT_EQ(reply.error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace masthead::identity
