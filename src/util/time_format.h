#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "util/clock.h"
#include "util/error.h"

namespace masthead {

/// Parses an RFC 3339 timestamp with a UTC offset ("2026-11-20T09:00:00+09:00" or "...Z").
/// A missing offset is an error: a newsroom's times must say which zone they are in.
[[nodiscard]] Result<SysTime> parseRfc3339(std::string_view s);

/// "2026-11-20T00:00:00Z"
[[nodiscard]] std::string formatUtc(SysTime t);

/// "Thu, 20 Nov 2026 00:00:00 GMT", for HTTP Date and Last-Modified headers.
[[nodiscard]] std::string formatHttpDate(SysTime t);

/// Shows times in the site's zone (IANA name, e.g. Asia/Seoul). Immutable; thread-safe.
class SiteTime {
  public:
    /// Fails with kInvalidInput when the zone is unknown to the system's tz database.
    [[nodiscard]] static Result<SiteTime> create(std::string_view zone_name);

    /// "2026-11-20T09:00:00+09:00"
    [[nodiscard]] std::string iso(SysTime t) const;
    /// "Nov. 20, 2026 09:00" (AP-style month abbreviations)
    [[nodiscard]] std::string display(SysTime t) const;
    /// "Nov. 20, 2026"
    [[nodiscard]] std::string displayDate(SysTime t) const;
    [[nodiscard]] const std::string& zoneName() const { return zone_name_; }

  private:
    SiteTime(const void* zone, std::string name) : zone_(zone), zone_name_(std::move(name)) {}
    const void* zone_;  // const date::time_zone*, owned by the tz database (lives forever)
    std::string zone_name_;
};

}  // namespace masthead
