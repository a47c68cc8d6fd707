#include "util/time_format.h"

#include <gtest/gtest.h>

namespace masthead {
namespace {

TEST(Rfc3339, ParsesOffsetsToUtc) {
    auto t = parseRfc3339("2026-11-20T09:00:00+09:00");
    ASSERT_TRUE(t);
    EXPECT_EQ(formatUtc(*t), "2026-11-20T00:00:00Z");
    auto z = parseRfc3339("2026-11-20T00:00:00Z");
    ASSERT_TRUE(z);
    EXPECT_EQ(*z, *t);
}

TEST(Rfc3339, RejectsWhatIsNotAnInstant) {
    for (const char* bad : {"2026-11-20", "2026-11-20T09:00:00", "yesterday",
                            "2026-13-01T00:00:00Z", "2026-11-20T09:00:00+09:00 extra", "",
                            // found by fuzz/article_file_fuzz: overflowed inside date::parse
                            "4051-10-05T18:00:0-+0]", "2026-11-20t09:00:00Z",
                            "2026-11-20T09:00:00+0900", "+2026-11-20T09:00:00Z"}) {
        auto t = parseRfc3339(bad);
        EXPECT_FALSE(t) << bad;
        if (!t) {
            EXPECT_EQ(t.error().code, ErrorCode::kInvalidInput);
        }
    }
}

TEST(SiteTime, ShowsTimesInTheSiteZone) {
    auto seoul = SiteTime::create("Asia/Seoul");
    ASSERT_TRUE(seoul);
    const auto t = *parseRfc3339("2026-11-20T00:30:00Z");
    EXPECT_EQ(seoul->iso(t), "2026-11-20T09:30:00+09:00");
    EXPECT_EQ(seoul->display(t), "Nov. 20, 2026 09:30");
    EXPECT_EQ(seoul->displayDate(t), "Nov. 20, 2026");
    // The local day, not UTC's; a day of one digit; a month AP writes in full; midnight.
    const auto late = *parseRfc3339("2026-05-03T15:04:59Z");
    EXPECT_EQ(seoul->display(late), "May 4, 2026 00:04");
    EXPECT_EQ(seoul->displayDate(late), "May 4, 2026");
    auto york = SiteTime::create("America/New_York").value();
    EXPECT_EQ(york.display(late), "May 3, 2026 11:04");
}

TEST(SiteTime, IsoShowsEachZonesOffsetThatDay) {
    const auto at = [](std::string_view text) { return parseRfc3339(text).value(); };
    auto york = SiteTime::create("America/New_York").value();
    EXPECT_EQ(york.iso(at("2026-07-01T12:00:00Z")), "2026-07-01T08:00:00-04:00");  // summer
    EXPECT_EQ(york.iso(at("2026-01-01T04:59:59Z")), "2025-12-31T23:59:59-05:00");  // winter
    auto kolkata = SiteTime::create("Asia/Kolkata").value();
    EXPECT_EQ(kolkata.iso(at("2026-11-20T00:00:00Z")), "2026-11-20T05:30:00+05:30");
    auto utc = SiteTime::create("UTC").value();
    EXPECT_EQ(utc.iso(at("1999-12-31T23:59:59Z")), "1999-12-31T23:59:59+00:00");
    auto seoul = SiteTime::create("Asia/Seoul").value();
    EXPECT_EQ(seoul.iso(at("2026-12-31T15:00:00Z")), "2027-01-01T00:00:00+09:00");
}

TEST(SiteTime, UnknownZoneIsAnError) { EXPECT_FALSE(SiteTime::create("Mars/Olympus_Mons")); }

TEST(HttpDate, Imf) {
    EXPECT_EQ(formatHttpDate(*parseRfc3339("2026-11-20T00:00:00Z")),
              "Fri, 20 Nov 2026 00:00:00 GMT");
}

}  // namespace
}  // namespace masthead
