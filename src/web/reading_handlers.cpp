#include "web/reading_handlers.h"

#include <charconv>

#include "util/check.h"

namespace masthead::web {
namespace {

// Readers' browsers and shared caches may reuse a page for a minute; after that they
// revalidate with the ETag (a 304 costs a few hundred bytes).
constexpr std::string_view kPageCacheControl = "public, max-age=60";
// An article page with comments differs for signed-in readers (their comment form): every
// use is revalidated (a 304 while nothing changed), and shared caches key on the cookie.
constexpr std::string_view kArticleCacheControl = "public, no-cache";

}  // namespace

std::shared_ptr<const http::Entity> ReadingHandlers::html(std::string body) {
    return http::Entity::make("text/html; charset=utf-8", std::move(body),
                              std::string(kPageCacheControl));
}

std::vector<PopularItem> ReadingHandlers::popular(const content::CatalogSnapshot& snapshot,
                                                  const popularity::RankingSnapshot* ranking,
                                                  std::int64_t section_id,
                                                  std::int64_t exclude_article) const {
    std::vector<PopularItem> items;
    if (ranking == nullptr) {
        return items;
    }
    for (const popularity::RankedArticle& r : ranking->top(section_id, popularity::Window::kNow)) {
        const content::Article* a = snapshot.article(r.article_id);
        if (a == nullptr || a->id == exclude_article) {
            continue;
        }
        items.push_back({snapshot.pathOf(*a), a->headline, snapshot.sectionOf(*a).name});
        if (items.size() == popular_size_) {
            break;
        }
    }
    return items;
}

http::Response ReadingHandlers::home(const http::Request&) {
    const auto snapshot = catalog_.snapshot();
    const auto ranking = popularity_ ? popularity_->snapshot() : nullptr;
    return http::Response::of(200, cache_.get("/", pageGeneration(*snapshot, ranking.get()), [&] {
        return html(renderer_.home(*snapshot, popular(*snapshot, ranking.get(), 0, 0)));
    }));
}

http::Response ReadingHandlers::page(const http::Request& request) {
    const auto snapshot = catalog_.snapshot();
    const std::string& path = request.path;
    if (const content::Article* article = snapshot->articleByPath(path)) {
        return articlePage(*snapshot, *article, request);
    }
    if (const content::Section* section = snapshot->sectionByPath(path)) {
        return sectionPage(*snapshot, *section, request);
    }
    return error(404, "There is no page at this address. It may have moved or been removed.");
}

http::Response ReadingHandlers::articlePage(const content::CatalogSnapshot& snapshot,
                                            const content::Article& article,
                                            const http::Request& request) {
    const auto ranking = popularity_ ? popularity_->snapshot() : nullptr;
    const auto popular_items = [&] { return popular(snapshot, ranking.get(), 0, article.id); };
    const std::string& path = request.path;
    if (comments_ == nullptr) {
        return http::Response::of(
            200, cache_.get(path, articleGeneration(snapshot, ranking.get()), [&] {
                return html(renderer_.article(snapshot, article, popular_items()));
            }));
    }
    const auto page = [&](std::string body, bool personal) {
        return personal ? http::Entity::makeOnce("text/html; charset=utf-8", std::move(body),
                                                 "private, no-store")
                        : http::Entity::make("text/html; charset=utf-8", std::move(body),
                                             std::string(kArticleCacheControl));
    };
    if (auto personal = comments_->personalSection(snapshot, article, request)) {
        // Everything but the comment section is the same for every reader: that shell is
        // rendered once per generation, with a marker where the section goes.
        // '<' and a control character: no escaped text or rendered Markdown contains it.
        constexpr std::string_view kSectionMarker = "<\x01comment-section\x01>";
        const auto shell = shells_.get(path, articleGeneration(snapshot, ranking.get()), [&] {
            const std::string body =
                renderer_.article(snapshot, article, popular_items(), kSectionMarker);
            const std::size_t at = body.find(kSectionMarker);
            MASTHEAD_CHECK(at != std::string::npos, "the article template places the comments");
            auto s = std::make_shared<Shell>();
            s->before = body.substr(0, at);
            s->after = body.substr(at + kSectionMarker.size());
            s->before_gzip = http::deflatePart(s->before, false);
            s->after_gzip = http::deflatePart(s->after, true);
            return s;
        });
        if (request.acceptsGzip()) {
            const http::DeflatedPart section = http::deflatePart(*personal, false, 1);
            return http::Response::of(
                       200, http::Entity::makeOnceGzipped(
                                "text/html; charset=utf-8",
                                http::gzipJoin({&shell->before_gzip, &section, &shell->after_gzip}),
                                "private, no-store"))
                .with("Vary", "Cookie");
        }
        std::string out;
        out.reserve(shell->before.size() + personal->size() + shell->after.size());
        out.append(shell->before).append(*personal).append(shell->after);
        return http::Response::of(200, page(std::move(out), true)).with("Vary", "Cookie");
    }
    // Cached until the content, the ranking or the article's thread changes.
    const std::uint64_t generation =
        articleGeneration(snapshot, ranking.get()) ^
        (comments_->threadVersion(snapshot, article) * 0x9E3779B97F4A7C15ULL);
    bool unavailable = false;
    auto entity = cache_.get(path, generation, [&]() -> std::shared_ptr<const http::Entity> {
        auto section = comments_->publicSection(snapshot, article);
        if (!section) {
            unavailable = true;
            return nullptr;
        }
        return page(renderer_.article(snapshot, article, popular_items(), *section), false);
    });
    if (!entity) {
        // The thread could not be read: the article still, with a note instead of comments,
        // not cached so the comments come back as soon as they can be read.
        MASTHEAD_CHECK(unavailable, "only a failed thread leaves the page unrendered");
        entity = page(renderer_.article(snapshot, article, popular_items(),
                                        "<section class=\"comments\" id=\"comments\"><p "
                                        "class=\"comment-none\">Comments cannot be shown right "
                                        "now.</p></section>\n"),
                      true);
    }
    return http::Response::of(200, std::move(entity)).with("Vary", "Cookie");
}

http::Response ReadingHandlers::sectionPage(const content::CatalogSnapshot& snapshot,
                                            const content::Section& section,
                                            const http::Request& request) {
    const std::size_t pages = renderer_.sectionPages(snapshot, section);
    std::size_t page = 1;
    if (const auto raw = request.queryParam("page")) {
        const char* end = raw->data() + raw->size();
        const auto [ptr, ec] = std::from_chars(raw->data(), end, page);
        if (ec != std::errc() || ptr != end || page == 0) {
            return error(400, "The page number must be a whole number from 1 to " +
                                  std::to_string(pages) + ".");
        }
        if (page > pages) {
            return error(404, section.name + " has " + std::to_string(pages) +
                                  (pages == 1 ? " page." : " pages."));
        }
    }
    const std::string key = section.path + "?page=" + std::to_string(page);
    const auto ranking = popularity_ ? popularity_->snapshot() : nullptr;
    return http::Response::of(200, cache_.get(key, pageGeneration(snapshot, ranking.get()), [&] {
        return html(renderer_.section(snapshot, section, page,
                                      popular(snapshot, ranking.get(), section.id, 0)));
    }));
}

http::Response ReadingHandlers::print(const http::Request& request) {
    const auto snapshot = catalog_.snapshot();
    const std::string article_path = "/" + std::string(request.param("path"));
    const content::Article* article = snapshot->articleByPath(article_path);
    if (article == nullptr) {
        return page(request);  // a section or article whose own name is "print"
    }
    const std::string key = PageRenderer::printPath(article_path);
    return http::Response::of(200, cache_.get(key, snapshot->generation(), [&] {
        return html(renderer_.print(*snapshot, *article));
    }));
}

http::Response ReadingHandlers::error(int status, std::string_view message) const {
    const auto snapshot = catalog_.snapshot();
    // Error messages are fixed texts, so error pages are cached like pages: a flood of 404s
    // costs no rendering.
    const std::string key = "\x01error " + std::to_string(status) + " " + std::string(message);
    return http::Response::of(status, cache_.get(key, snapshot->generation(), [&] {
        return http::Entity::make("text/html; charset=utf-8",
                                  renderer_.error(*snapshot, status, message), "no-store");
    }));
}

}  // namespace masthead::web
