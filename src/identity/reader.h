#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace masthead::identity {

/// What a login provider told us about a reader: all that Masthead keeps of them.
struct ExternalProfile {
    std::string provider;  ///< configured provider id: "google", "kakao", "demo"
    std::string subject;   ///< the provider's stable id of the account
    std::string display_name;
    std::string avatar_url;  ///< https URL or ""
};

/// A reader who has logged in at least once.
struct Reader {
    std::int64_t id = 0;
    std::string provider;
    std::string subject;
    std::string display_name;
    std::string avatar_url;
    std::int64_t created_at = 0;
    std::optional<std::int64_t> policy_accepted_at;  ///< the Standards Board Policy
    std::optional<std::int64_t> banned_until;        ///< kBannedForGood: no end
    std::string ban_reason;

    static constexpr std::int64_t kBannedForGood = INT64_MAX;

    [[nodiscard]] bool bannedAt(std::int64_t now) const {
        return banned_until && *banned_until > now;
    }
};

}  // namespace masthead::identity
