#include "popularity/view_filter.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace masthead::popularity {
namespace {

// Lowercase substrings of user agents that fetch pages without a person reading them:
// search and social crawlers, monitoring, HTTP libraries and headless browsers.
constexpr std::array<std::string_view, 34> kCrawlerMarks = {"bot",
                                                            "crawler",
                                                            "spider",
                                                            "slurp",
                                                            "crawling",
                                                            "headless",
                                                            "phantomjs",
                                                            "puppeteer",
                                                            "playwright",
                                                            "selenium",
                                                            "lighthouse",
                                                            "pagespeed",
                                                            "gtmetrix",
                                                            "pingdom",
                                                            "uptime",
                                                            "monitor",
                                                            "curl/",
                                                            "wget/",
                                                            "python-",
                                                            "python/",
                                                            "go-http",
                                                            "java/",
                                                            "okhttp",
                                                            "axios/",
                                                            "node-fetch",
                                                            "libwww",
                                                            "httpclient",
                                                            "scrapy",
                                                            "facebookexternalhit",
                                                            "embedly",
                                                            "preview",
                                                            "yeti/",
                                                            "daum",
                                                            "apache-httpclient"};

std::string lower(std::string_view s) {
    std::string out(s);
    std::ranges::transform(out, out.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool isPrefetch(std::string_view value) {
    return lower(value).find("prefetch") != std::string::npos;
}

/// "https://news.example:8443" -> "news.example:8443"
std::string_view hostOfOrigin(std::string_view origin) {
    const auto scheme = origin.find("://");
    return scheme == std::string_view::npos ? origin : origin.substr(scheme + 3);
}

}  // namespace

std::string_view toString(Rejection r) {
    switch (r) {
        case Rejection::kCrawler:
            return "crawler";
        case Rejection::kNoUserAgent:
            return "no user agent";
        case Rejection::kPrefetch:
            return "prefetch";
        case Rejection::kCrossSite:
            return "cross-site";
    }
    return "rejected";
}

std::optional<Rejection> rejectBeacon(const BeaconHeaders& h) {
    if (h.user_agent.empty()) {
        return Rejection::kNoUserAgent;
    }
    const std::string ua = lower(h.user_agent);
    for (std::string_view mark : kCrawlerMarks) {
        if (ua.find(mark) != std::string::npos) {
            return Rejection::kCrawler;
        }
    }
    if (isPrefetch(h.sec_purpose) || isPrefetch(h.purpose)) {
        return Rejection::kPrefetch;
    }
    if (h.sec_fetch_site == "cross-site") {
        return Rejection::kCrossSite;
    }
    if (!h.origin.empty() && h.origin != "null" && hostOfOrigin(h.origin) != h.host) {
        return Rejection::kCrossSite;
    }
    return std::nullopt;
}

}  // namespace masthead::popularity
