#include "http/client_address.h"

#include <gtest/gtest.h>

#include <vector>

namespace masthead::http {
namespace {

std::vector<IpNetwork> networks(std::initializer_list<std::string_view> texts) {
    std::vector<IpNetwork> out;
    for (std::string_view t : texts) {
        auto n = parseIpNetwork(t);
        EXPECT_TRUE(n) << t;
        if (n) {
            out.push_back(*n);
        }
    }
    return out;
}

TEST(ClientAddress, ParsesAddressesAndNetworks) {
    EXPECT_TRUE(parseIp("203.0.113.7"));
    EXPECT_TRUE(parseIp("2001:db8::1"));
    EXPECT_EQ(parseIp("::ffff:203.0.113.7"), parseIp("203.0.113.7"));
    for (std::string_view bad :
         {"", "203.0.113", "203.0.113.7:80", "[::1]", "host.example", "1.2.3.4 "}) {
        EXPECT_FALSE(parseIp(bad)) << bad;
    }
    const auto ten = networks({"10.0.0.0/8"}).front();
    EXPECT_TRUE(ten.contains(*parseIp("10.255.1.2")));
    EXPECT_FALSE(ten.contains(*parseIp("11.0.0.1")));
    EXPECT_FALSE(ten.contains(*parseIp("::a00:1")));  // not the IPv4 10.0.0.1
    const auto ula = networks({"fd00::/8"}).front();
    EXPECT_TRUE(ula.contains(*parseIp("fd12:3456::1")));
    EXPECT_FALSE(ula.contains(*parseIp("fe80::1")));
    const auto one = networks({"127.0.0.1"}).front();
    EXPECT_TRUE(one.contains(*parseIp("::ffff:127.0.0.1")));
    EXPECT_FALSE(one.contains(*parseIp("127.0.0.2")));
    EXPECT_TRUE(networks({"0.0.0.0/0"}).front().contains(*parseIp("198.51.100.1")));
    for (std::string_view bad : {"10.0.0.0/33", "fd00::/129", "10.0.0.0/", "10.0.0.0/x", "a/8"}) {
        auto n = parseIpNetwork(bad);
        ASSERT_FALSE(n) << bad;
        EXPECT_EQ(n.error().code, ErrorCode::kInvalidInput);
        EXPECT_NE(n.error().message.find(std::string(bad)), std::string::npos);
    }
}

TEST(ClientAddress, BelievesForwardedForOnlyFromTrustedProxies) {
    const auto proxies = networks({"10.0.0.0/8", "::1"});
    // No trusted proxies, or a peer that is not one: the peer, whatever the header says.
    EXPECT_EQ(clientAddress("10.0.0.5", "198.51.100.7", {}), "10.0.0.5");
    EXPECT_EQ(clientAddress("203.0.113.9", "198.51.100.7", proxies), "203.0.113.9");
    // Through one trusted proxy.
    EXPECT_EQ(clientAddress("10.0.0.5", "198.51.100.7", proxies), "198.51.100.7");
    EXPECT_EQ(clientAddress("::1", " 198.51.100.7 ", proxies), "198.51.100.7");
    // A client's own forged entries sit left of the address the proxy saw.
    EXPECT_EQ(clientAddress("10.0.0.5", "1.2.3.4, 198.51.100.7", proxies), "198.51.100.7");
    // Through a chain of trusted proxies: the right-most untrusted address.
    EXPECT_EQ(clientAddress("10.0.0.5", "198.51.100.7, 10.1.1.1,10.2.2.2", proxies),
              "198.51.100.7");
    // Only trusted addresses: the left-most of them.
    EXPECT_EQ(clientAddress("10.0.0.5", "10.9.9.9, 10.1.1.1", proxies), "10.9.9.9");
    // Garbage ends the walk at the hop before it.
    EXPECT_EQ(clientAddress("10.0.0.5", "198.51.100.7, bogus", proxies), "10.0.0.5");
    EXPECT_EQ(clientAddress("10.0.0.5", "bogus, 10.1.1.1", proxies), "10.1.1.1");
    EXPECT_EQ(clientAddress("10.0.0.5", "", proxies), "10.0.0.5");
    EXPECT_EQ(clientAddress("10.0.0.5", "2001:db8::1", proxies), "2001:db8::1");
}

}  // namespace
}  // namespace masthead::http
