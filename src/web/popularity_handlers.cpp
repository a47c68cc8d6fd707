#include "web/popularity_handlers.h"

#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>
#include <charconv>
#include <nlohmann/json.hpp>

#include "util/text.h"
#include "util/time_format.h"
#include "web/errors.h"

namespace masthead::web {
namespace {

constexpr std::size_t kMaxLimit = 20;

http::Response json(int status, const nlohmann::json& body, std::string cache_control) {
    return http::Response::of(
        status,
        http::Entity::make("application/json; charset=utf-8",
                           body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                           std::move(cache_control)));
}

}  // namespace

http::Response PopularityHandlers::beacon(const http::Request& request) {
    const std::string_view body = request.body;
    std::optional<std::int64_t> article;
    // (its route takes at most 256 bytes: web/routes.cpp)
    if (boost::urls::parse_query(body)) {
        for (const auto& p : boost::urls::params_view(body)) {
            if (p.key == "article") {
                article = text::positiveId(p.value);
            }
        }
    }
    if (!article) {
        return ErrorPages::json(400,
                                "The beacon's body must be article=ID, with ID a positive number.");
    }
    std::optional<popularity::Rejection> why;
    auto outcome =
        popularity_.recordRead({.article_id = *article,
                                .reader_id = request.cookie("mh_rid"),
                                .ip = request.remote,
                                .headers = {.user_agent = request.header("user-agent"),
                                            .sec_purpose = request.header("sec-purpose"),
                                            .purpose = request.header("purpose"),
                                            .sec_fetch_site = request.header("sec-fetch-site"),
                                            .origin = request.header("origin"),
                                            .host = request.header("host")}},
                               &why);
    if (!outcome) {
        return ErrorPages::json(request, outcome.error(), "Reads cannot be counted right now.");
    }
    std::string read = "counted";
    if (*outcome == popularity::ReadOutcome::kDuplicate) {
        read = "duplicate";
    } else if (*outcome == popularity::ReadOutcome::kRejected) {
        read = "rejected: " + std::string(why ? toString(*why) : "filtered");
    }
    http::Response response{204, nullptr, {}};
    response.with("Cache-Control", "no-store").with("X-Masthead-Read", read);
    return response;
}

http::Response PopularityHandlers::popular(const http::Request& request) {
    const auto tree = catalog_.sections();
    std::int64_t section_id = 0;
    std::string section_path = "/";
    if (const auto section = request.queryParam("section");
        section && *section != "/" && !section->empty()) {
        const content::Section* s = tree->sectionByPath(*section);
        if (s == nullptr) {
            return ErrorPages::json(404, "There is no section \"" + *section + "\".");
        }
        section_id = s->id;
        section_path = s->path;
    }
    popularity::Window window = popularity::Window::kNow;
    if (const auto w = request.queryParam("window")) {
        const auto parsed = popularity::parseWindow(*w);
        if (!parsed) {
            return ErrorPages::json(400, "window must be now, 1h, 24h or 7d.");
        }
        window = *parsed;
    }
    std::size_t limit = 5;
    if (const auto l = request.queryParam("limit")) {
        const auto parsed = text::positiveId(*l);
        if (!parsed || *parsed > static_cast<std::int64_t>(kMaxLimit)) {
            return ErrorPages::json(400, "limit must be a whole number from 1 to 20.");
        }
        limit = static_cast<std::size_t>(*parsed);
    }
    const auto ranking = popularity_.snapshot();
    nlohmann::json articles = nlohmann::json::array();
    for (const popularity::RankedArticle& r : ranking->top(section_id, window)) {
        const content::Section* s = tree->section(r.teaser.section_id);
        if (s == nullptr) {
            continue;  // a section made after this tree: the next ranking has it
        }
        articles.push_back({{"id", r.article_id},
                            {"headline", r.teaser.headline},
                            {"path", s->path + "/" + r.teaser.slug},
                            {"section", s->name},
                            {"reads", r.views},
                            {"score", r.score},
                            {"pinned", r.pinned}});
        if (articles.size() == limit) {
            break;
        }
    }
    return json(200,
                {{"window", std::string(popularity::toString(window))},
                 {"section", section_path},
                 {"computed_at", formatUtc(ranking->computedAt())},
                 {"articles", articles}},
                "public, max-age=5");
}

}  // namespace masthead::web
