#pragma once

#include <optional>
#include <string_view>

namespace masthead::popularity {

/// Why a view beacon is not counted.
enum class Rejection {
    kCrawler,      ///< the user agent is a known crawler, bot or headless tool
    kNoUserAgent,  ///< browsers always send one
    kPrefetch,     ///< Sec-Purpose/Purpose: prefetch (speculative loads are not reads)
    kCrossSite,    ///< sent from another site's page (Sec-Fetch-Site or Origin)
};

[[nodiscard]] std::string_view toString(Rejection r);

/// What the filter looks at in a beacon request.
struct BeaconHeaders {
    std::string_view user_agent{};
    std::string_view sec_purpose{};     ///< Sec-Purpose
    std::string_view purpose{};         ///< Purpose (older browsers)
    std::string_view sec_fetch_site{};  ///< Sec-Fetch-Site
    std::string_view origin{};          ///< Origin
    std::string_view host{};            ///< Host, to compare with Origin
};

/// Decides whether a beacon may count as a read: drops crawlers, headless tools, prefetches
/// and beacons sent from other sites. Stateless; thread-safe.
[[nodiscard]] std::optional<Rejection> rejectBeacon(const BeaconHeaders& headers);

}  // namespace masthead::popularity
