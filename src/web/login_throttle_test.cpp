#include "web/login_throttle.h"

#include <gtest/gtest.h>

namespace masthead::web {
namespace {

using namespace std::chrono_literals;

TEST(LoginThrottle, LocksANameOrAnAddressAfterFiveFailuresForTheWindow) {
    FakeClock clock(std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000)));
    LoginThrottle throttle(clock);
    for (int i = 0; i < 4; ++i) {
        throttle.failed("anna", "10.0.0.1");
        EXPECT_EQ(throttle.wait("anna", "10.0.0.1"), 0) << i;
    }
    clock.advance(60s);
    throttle.failed("anna", "10.0.0.1");
    // Locked for the rest of the 15 minutes that started with the first failure.
    EXPECT_EQ(throttle.wait("anna", "10.0.0.9"), 15 * 60 - 60);   // the name
    EXPECT_EQ(throttle.wait("boris", "10.0.0.1"), 15 * 60 - 60);  // the address
    EXPECT_EQ(throttle.wait("boris", "10.0.0.9"), 0);
    clock.advance(14min);
    EXPECT_EQ(throttle.wait("anna", "10.0.0.1"), 0);  // the window passed
    throttle.failed("anna", "10.0.0.1");
    EXPECT_EQ(throttle.wait("anna", "10.0.0.1"), 0);  // a new window, one failure
}

TEST(LoginThrottle, ASuccessClearsTheName) {
    FakeClock clock(std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000)));
    LoginThrottle throttle(clock, 2, 10min);
    throttle.failed("anna", "10.0.0.1");
    throttle.succeeded("anna");
    throttle.failed("anna", "10.0.0.2");
    EXPECT_EQ(throttle.wait("anna", "10.0.0.3"), 0);
}

}  // namespace
}  // namespace masthead::web
