#pragma once

#include <string>

#include "util/time_format.h"

namespace masthead::web {

/// What the pages say about the site itself (from the configuration's `site:` block).
struct SiteInfo {
    std::string name = "The Masthead Daily";
    std::string tagline = "News and views from Seoul, in English";
    std::string description =
        "The Masthead Daily: news, opinion and culture from Korea, in plain English.";
    std::string base_url = "http://127.0.0.1:8080";  ///< no trailing slash
    SiteTime time;                                   ///< the zone times are shown in
    std::size_t section_page_size = 20;
    std::size_t home_stories_per_section = 4;
    /// How long an article must be visible before popularity.js counts it as read.
    std::size_t read_beacon_seconds = 5;
    /// Whether a dictionary source loaded: article pages then offer the dictionary (its
    /// toolbar button and dictionary.js), and /api/dictionary answers.
    bool dictionary_available = false;
};

}  // namespace masthead::web
