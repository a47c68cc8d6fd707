#include "web/reading_handlers.h"

#include <charconv>
#include <cstdio>

#include "util/check.h"
#include "web/page_versions.h"

namespace masthead::web {
namespace {

// Readers' browsers and shared caches may reuse a page for a minute; after that they
// revalidate with the ETag (a 304 costs a few hundred bytes).
constexpr std::string_view kPageCacheControl = "public, max-age=60";
// An article page with comments differs for signed-in readers (their comment form): every
// use is revalidated (a 304 while nothing changed), and shared caches key on the cookie.
constexpr std::string_view kArticleCacheControl = "public, no-cache";

/// "1732050000.5123": a story's publication time (Unix seconds) and id, where a page of a
/// front starts or ends (keyset pagination).
std::optional<content::ListKey> parseListKey(std::string_view text) {
    const auto dot = text.rfind('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    std::int64_t seconds = 0;
    std::int64_t id = 0;
    const std::string_view s = text.substr(0, dot);
    const std::string_view i = text.substr(dot + 1);
    const auto [send, serr] = std::from_chars(s.data(), s.data() + s.size(), seconds);
    const auto [iend, ierr] = std::from_chars(i.data(), i.data() + i.size(), id);
    if (serr != std::errc() || send != s.data() + s.size() || ierr != std::errc() ||
        iend != i.data() + i.size() || id <= 0 || s.empty()) {
        return std::nullopt;
    }
    return content::ListKey{SysTime(std::chrono::seconds(seconds)), id};
}

std::string formatListKey(const content::ListKey& k) {
    return std::to_string(k.published_at.time_since_epoch().count()) + "." + std::to_string(k.id);
}

content::ListKey keyOf(const content::Teaser& t) { return {t.published_at, t.id}; }

/// A front's page `page` that starts after (older_than) or before (newer_than) `key`.
std::string keyedPageUrl(const content::Section& section, std::size_t page, std::string_view name,
                         const content::ListKey& key) {
    return PageRenderer::frontPageUrl(section, page) + (page == 1 ? "?" : "&") + std::string(name) +
           "=" + formatListKey(key);
}

}  // namespace

std::shared_ptr<const http::Entity> ReadingHandlers::html(std::string body) {
    // Compressed quickly: the page cache makes it again at the best level once it is read
    // often (most archive pages are read once).
    return http::Entity::makeQuick("text/html; charset=utf-8", std::move(body),
                                   std::string(kPageCacheControl));
}

http::Response ReadingHandlers::unavailable(const Error& e) const {
    std::fprintf(stderr, "masthead: reading: %s (%s)\n", e.message.c_str(), e.detail.c_str());
    return errors_.fixedPage(
        503, "The archive cannot be read right now. Please try again in a few moments.");
}

std::vector<PopularItem> ReadingHandlers::popular(const content::SectionTree& tree,
                                                  const popularity::RankingSnapshot* ranking,
                                                  std::int64_t section_id,
                                                  std::int64_t exclude_article) const {
    std::vector<PopularItem> items;
    if (ranking == nullptr) {
        return items;
    }
    for (const popularity::RankedArticle& r : ranking->top(section_id, popularity::Window::kNow)) {
        const content::Section* section = tree.section(r.teaser.section_id);
        if (section == nullptr || r.article_id == exclude_article) {
            continue;  // (a section made after this tree: the next ranking has it)
        }
        items.push_back({section->path + "/" + r.teaser.slug, r.teaser.headline, section->name});
        if (items.size() == popular_size_) {
            break;
        }
    }
    return items;
}

http::Response ReadingHandlers::home(const http::Request&) {
    const auto tree = catalog_.sections();
    const auto ranking = popularity_ ? popularity_->snapshot() : nullptr;
    const std::uint64_t generation =
        pageGeneration({tree->generation(), catalog_.listVersion(0), rankingVersion(ranking.get()),
                        countsVersion()});
    std::optional<Error> failed;
    auto entity = cache_.get("/", generation, [&]() -> std::shared_ptr<const http::Entity> {
        auto lead = catalog_.listed(0, 0, 1);
        if (!lead) {
            failed = lead.error();
            return nullptr;
        }
        std::vector<HomeSection> blocks;
        for (const content::Section* s : tree->topSections()) {
            // One more than shown: the lead story may be among them.
            auto stories = catalog_.listed(s->id, 0, renderer_.homeStoriesPerSection() + 1);
            if (!stories) {
                failed = stories.error();
                return nullptr;
            }
            blocks.push_back({s, std::move(*stories)});
        }
        return html(renderer_.home(*tree, lead->empty() ? nullptr : &lead->front(), blocks,
                                   popular(*tree, ranking.get(), 0, 0)));
    });
    if (!entity) {
        return unavailable(*failed);
    }
    return http::Response::of(200, std::move(entity));
}

http::Response ReadingHandlers::page(const http::Request& request) {
    const auto tree = catalog_.sections();
    const std::string& path = request.path;
    if (const content::Section* section = tree->sectionByPath(path)) {
        return sectionPage(*tree, *section, request);
    }
    auto article = catalog_.articleAt(*tree, path);
    if (!article) {
        return unavailable(article.error());
    }
    if (*article) {
        return articlePage(*tree, **article, request);
    }
    return errors_.fixedPage(
        404, "There is no page at this address. It may have moved or been removed.");
}

http::Response ReadingHandlers::articlePage(const content::SectionTree& tree,
                                            const content::Article& article,
                                            const http::Request& request) {
    const auto ranking = popularity_ ? popularity_->snapshot() : nullptr;
    const auto popular_items = [&] { return popular(tree, ranking.get(), 0, article.id); };
    const std::string& path = request.path;
    // Everything on the page but its comment section.
    const std::uint64_t shown = pageGeneration(
        {tree.generation(), static_cast<std::uint64_t>(article.id),
         static_cast<std::uint64_t>(article.revision), rankingVersion(ranking.get())});
    if (comments_ == nullptr) {
        return http::Response::of(200, cache_.get(path, shown, [&] {
            return html(renderer_.article(tree, article, popular_items()));
        }));
    }
    const auto page = [&](std::string body, bool personal) {
        return personal ? http::Entity::makeOnce("text/html; charset=utf-8", std::move(body),
                                                 "private, no-store")
                        : http::Entity::makeQuick("text/html; charset=utf-8", std::move(body),
                                                  std::string(kArticleCacheControl));
    };
    if (auto personal = comments_->personalSection(tree, article, request)) {
        // Everything but the comment section is the same for every reader: that shell is
        // rendered once per generation, with a marker where the section goes.
        // '<' and a control character: no escaped text or rendered Markdown contains it.
        constexpr std::string_view kSectionMarker = "<\x01comment-section\x01>";
        const auto shell = shells_.get(path, shown, [&] {
            const std::string body =
                renderer_.article(tree, article, popular_items(), kSectionMarker);
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
    // Cached until the article, the ranking or the article's comment section changes.
    const std::uint64_t generation = pageGeneration({shown, comments_->version(tree, article)});
    bool thread_failed = false;
    auto entity = cache_.get(path, generation, [&]() -> std::shared_ptr<const http::Entity> {
        auto section = comments_->publicSection(tree, article);
        if (!section) {
            thread_failed = true;
            return nullptr;
        }
        return page(renderer_.article(tree, article, popular_items(), *section), false);
    });
    if (!entity) {
        // The thread could not be read: the article still, with a note instead of comments,
        // not cached so the comments come back as soon as they can be read.
        MASTHEAD_CHECK(thread_failed, "only a failed thread leaves the page unrendered");
        entity = page(renderer_.article(tree, article, popular_items(),
                                        "<section class=\"comments\" id=\"comments\"><p "
                                        "class=\"comment-none\">Comments cannot be shown right "
                                        "now.</p></section>\n"),
                      true);
    }
    return http::Response::of(200, std::move(entity)).with("Vary", "Cookie");
}

http::Response ReadingHandlers::sectionPage(const content::SectionTree& tree,
                                            const content::Section& section,
                                            const http::Request& request) {
    auto count = catalog_.listedCount(section.id);
    if (!count) {
        return unavailable(count.error());
    }
    const std::size_t pages = renderer_.pagesOf(*count);
    std::size_t page = 1;
    if (const auto raw = request.queryParam("page")) {
        const char* end = raw->data() + raw->size();
        const auto [ptr, ec] = std::from_chars(raw->data(), end, page);
        if (ec != std::errc() || ptr != end || page == 0) {
            return errors_.fixedPage(400, "The page number must be a whole number from 1 to " +
                                              std::to_string(pages) + ".");
        }
    }
    // The links between pages carry where the next page starts (older_than: the last story
    // shown; newer_than: the first), so paging on while stories land shows each story once.
    // The page number is then the reader's label only.
    std::optional<content::ListKey> older_than;
    std::optional<content::ListKey> newer_than;
    for (const auto& [name, key] :
         {std::pair{"older_than", &older_than}, std::pair{"newer_than", &newer_than}}) {
        if (const auto raw = request.queryParam(name)) {
            *key = parseListKey(*raw);
            if (!*key) {
                return errors_.fixedPage(
                    400,
                    std::string(name) + " must be a story's time and id, such as 1732050000.5123.");
            }
        }
    }
    if (older_than && newer_than) {
        return errors_.fixedPage(
            400, "Ask for the stories older_than or newer_than one story, not both.");
    }
    std::string cache_key;
    if (older_than) {
        cache_key = keyedPageUrl(section, page, "older_than", *older_than);
    } else if (newer_than) {
        cache_key = keyedPageUrl(section, page, "newer_than", *newer_than);
    } else if (page > pages) {
        return errors_.fixedPage(404, section.name + " has " + std::to_string(pages) +
                                          (pages == 1 ? " page." : " pages."));
    } else {
        cache_key = PageRenderer::frontPageUrl(section, page);
    }
    const auto ranking = popularity_ ? popularity_->snapshot() : nullptr;
    const std::uint64_t generation =
        pageGeneration({tree.generation(), catalog_.listVersion(section.id),
                        rankingVersion(ranking.get()), countsVersion()});
    std::optional<Error> failed;
    auto entity = cache_.get(cache_key, generation, [&]() -> std::shared_ptr<const http::Entity> {
        const std::size_t size = renderer_.pageSize();
        FrontPage front;
        front.page = page;
        front.pages = pages;
        bool newer = page > 1 || older_than.has_value();
        bool older = false;
        // One story more than a page says whether there is a page beyond it.
        Result<std::vector<content::Teaser>> stories =
            older_than   ? catalog_.listedAfter(section.id, *older_than, size + 1)
            : newer_than ? catalog_.listedBefore(section.id, *newer_than, size + 1)
                         : catalog_.listed(section.id, (page - 1) * size, size + 1);
        if (stories && newer_than) {
            if (stories->size() > size) {
                stories->erase(stories->begin());
                older = true;  // the page the reader came back from
                newer = true;  // and stories newer still, whatever page number was asked
            } else {
                // No more than a page of newer stories: this is the front's first page.
                front.page = 1;
                newer = false;
                stories = catalog_.listed(section.id, 0, size + 1);
            }
        }
        if (!stories) {
            failed = stories.error();
            return nullptr;
        }
        if (!older && stories->size() > size) {
            stories->pop_back();
            older = true;
        }
        front.stories = std::move(*stories);
        if (!front.stories.empty()) {
            if (newer) {
                front.prev_url = keyedPageUrl(section, std::max<std::size_t>(1, front.page - 1),
                                              "newer_than", keyOf(front.stories.front()));
            }
            if (older) {
                front.next_url = keyedPageUrl(section, front.page + 1, "older_than",
                                              keyOf(front.stories.back()));
            }
        }
        return html(
            renderer_.section(tree, section, front, popular(tree, ranking.get(), section.id, 0)));
    });
    if (!entity) {
        return unavailable(*failed);
    }
    return http::Response::of(200, std::move(entity));
}

http::Response ReadingHandlers::print(const http::Request& request) {
    const auto tree = catalog_.sections();
    const std::string article_path = "/" + std::string(request.param("path"));
    auto article = catalog_.articleAt(*tree, article_path);
    if (!article) {
        return unavailable(article.error());
    }
    if (*article == nullptr) {
        return page(request);  // a section or article whose own name is "print"
    }
    const std::string key = PageRenderer::printPath(article_path);
    const std::uint64_t generation =
        pageGeneration({tree->generation(), static_cast<std::uint64_t>((*article)->id),
                        static_cast<std::uint64_t>((*article)->revision)});
    return http::Response::of(
        200, cache_.get(key, generation, [&] { return html(renderer_.print(*tree, **article)); }));
}

}  // namespace masthead::web
