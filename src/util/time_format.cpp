#include "util/time_format.h"

#include <date/date.h>
#include <date/tz.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <sstream>

namespace masthead {
namespace {

const date::time_zone* zoneOf(const void* p) { return static_cast<const date::time_zone*>(p); }

constexpr std::array<std::string_view, 12> kApMonths = {"Jan.",  "Feb.", "March", "April",
                                                        "May",   "June", "July",  "Aug.",
                                                        "Sept.", "Oct.", "Nov.",  "Dec."};

/// "Nov. 20, 2026"
std::string apDate(const date::year_month_day& ymd) {
    std::string out(kApMonths[static_cast<unsigned>(ymd.month()) - 1]);
    out += ' ';
    out += std::to_string(static_cast<unsigned>(ymd.day()));
    out += ", ";
    out += std::to_string(static_cast<int>(ymd.year()));
    return out;
}

}  // namespace

namespace {

/// "2026-11-20T09:00:00Z" or "2026-11-20T09:00:00+09:00", digits where digits go. Checked
/// before date::parse, which accepts looser text (and overflows on some of it).
bool hasRfc3339Shape(std::string_view s) {
    constexpr std::string_view kDate = "dddd-dd-ddTdd:dd:dd";
    if (s.size() != kDate.size() + 1 && s.size() != kDate.size() + 6) {
        return false;
    }
    for (std::size_t i = 0; i < kDate.size(); ++i) {
        const char c = s[i];
        const bool ok = kDate[i] == 'd'   ? (c >= '0' && c <= '9')
                        : kDate[i] == 'T' ? c == 'T'
                                          : c == kDate[i];
        if (!ok) {
            return false;
        }
    }
    const std::string_view zone = s.substr(kDate.size());
    if (zone.size() == 1) {
        return zone[0] == 'Z' || zone[0] == 'z';
    }
    return (zone[0] == '+' || zone[0] == '-') &&
           std::isdigit(static_cast<unsigned char>(zone[1])) &&
           std::isdigit(static_cast<unsigned char>(zone[2])) && zone[3] == ':' &&
           std::isdigit(static_cast<unsigned char>(zone[4])) &&
           std::isdigit(static_cast<unsigned char>(zone[5]));
}

}  // namespace

Result<SysTime> parseRfc3339(std::string_view s) {
    const auto invalid = [&] {
        return fail(Error::invalidInput(
            "not an RFC 3339 time with a UTC offset, such as 2026-11-20T09:00:00+09:00: \"" +
            std::string(s) + "\""));
    };
    if (!hasRfc3339Shape(s)) {
        return invalid();
    }
    const bool utc = s.back() == 'Z' || s.back() == 'z';
    std::istringstream in(std::string(utc ? s.substr(0, s.size() - 1) : s));
    date::sys_seconds t;
    if (utc) {
        in >> date::parse("%FT%T", t);
    } else {
        in >> date::parse("%FT%T%Ez", t);  // the offset is applied: t is UTC
    }
    if (in.fail() || in.peek() != std::char_traits<char>::eof()) {
        return invalid();
    }
    return SysTime(t);
}

std::string formatUtc(SysTime t) { return date::format("%FT%TZ", t); }

std::string formatHttpDate(SysTime t) { return date::format("%a, %d %b %Y %T GMT", t); }

Result<SiteTime> SiteTime::create(std::string_view zone_name) {
    try {
        const date::time_zone* zone = date::locate_zone(zone_name);
        return SiteTime(zone, std::string(zone_name));
    } catch (const std::exception& e) {
        return fail(
            Error::invalidInput("unknown time zone \"" + std::string(zone_name) + "\"", e.what()));
    }
}

std::string SiteTime::iso(SysTime t) const {
    // By hand: date::format builds a stream and a locale for every call, and every page
    // shows several times (4% of making an article page).
    const date::sys_info info = zoneOf(zone_)->get_info(t);
    const auto local = t + info.offset;
    const auto day = date::floor<date::days>(local);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss hms{local - day};
    const auto offset_minutes =
        std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
    const long long magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    // room for any value the types allow, which the compiler checks: g++ sees the size of a C
    // array at -O0 too (the dev build), of a std::array only when optimising.
    char buf[96];  // NOLINT(modernize-avoid-c-arrays)
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld%c%02lld:%02lld",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<long long>(hms.hours().count()),
                  static_cast<long long>(hms.minutes().count()),
                  static_cast<long long>(hms.seconds().count()), offset_minutes < 0 ? '-' : '+',
                  magnitude / 60, magnitude % 60);
    return buf;
}

std::string SiteTime::display(SysTime t) const {
    // By hand, as iso(): a stream and date::format cost more than the rest of the call.
    const auto local = date::make_zoned(zoneOf(zone_), t).get_local_time();
    const auto day = date::floor<date::days>(local);
    const date::hh_mm_ss hms{local - day};
    std::string out = apDate(date::year_month_day{day});
    char buf[48];  // NOLINT(modernize-avoid-c-arrays): room for any value, as in iso()
    std::snprintf(buf, sizeof buf, " %02lld:%02lld", static_cast<long long>(hms.hours().count()),
                  static_cast<long long>(hms.minutes().count()));
    out += buf;
    return out;
}

std::string SiteTime::displayDate(SysTime t) const {
    const auto local = date::make_zoned(zoneOf(zone_), t).get_local_time();
    return apDate(date::year_month_day{date::floor<date::days>(local)});
}

}  // namespace masthead
