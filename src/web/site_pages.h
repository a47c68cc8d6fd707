#pragma once

#include <string>
#include <vector>

#include "content/catalog.h"
#include "http/message.h"
#include "web/page_cache.h"
#include "web/page_renderer.h"

namespace masthead::web {

/// The site's pages of its own words (src/web/pages/*.md, rendered at start), in the site's
/// design: the Standards Board Policy that the comment box links to and "Social comment?",
/// its help. Cached in the PageCache until the section tree changes (the layout lists the
/// sections). Thread-safe.
class SitePages {
  public:
    struct Page {
        std::string path;  ///< its address: "/standards-board-policy"
        std::string name;  ///< its route's name (metrics, access log): "policy"
        std::string title;
        std::string description;
        std::string html;  ///< the rendered Markdown
    };

    SitePages(const content::Catalog& catalog, const PageRenderer& renderer, PageCache& cache,
              std::vector<Page> pages)
        : catalog_(catalog), renderer_(renderer), cache_(cache), pages_(std::move(pages)) {}

    /// The pages, in order; the route table has a GET route for each (web/routes.cpp).
    [[nodiscard]] const std::vector<Page>& pages() const { return pages_; }
    /// GET of pages()[index].
    [[nodiscard]] http::Response page(std::size_t index) const;

  private:
    const content::Catalog& catalog_;
    const PageRenderer& renderer_;
    PageCache& cache_;
    std::vector<Page> pages_;
};

}  // namespace masthead::web
