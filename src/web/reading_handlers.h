#pragma once

#include "content/catalog.h"
#include "http/message.h"
#include "web/page_cache.h"
#include "web/page_renderer.h"

namespace masthead::web {

/// The reader's pages: home, section fronts, articles, print views, and the error pages in
/// the site's design. Pages come from the PageCache; only a miss renders.
class ReadingHandlers {
  public:
    ReadingHandlers(const content::Catalog& catalog, const PageRenderer& renderer, PageCache& cache)
        : catalog_(catalog), renderer_(renderer), cache_(cache) {}

    [[nodiscard]] http::Response home(const http::Request& request);
    /// GET /{path...}: a section front or an article.
    [[nodiscard]] http::Response page(const http::Request& request);
    /// GET /{path...}/print
    [[nodiscard]] http::Response print(const http::Request& request);
    /// An error page; used by the server for 400/404/405/413/431/500.
    [[nodiscard]] http::Response error(int status, std::string_view message) const;

  private:
    [[nodiscard]] static std::shared_ptr<const http::Entity> html(std::string body);
    [[nodiscard]] http::Response sectionPage(const content::CatalogSnapshot& snapshot,
                                             const content::Section& section,
                                             const http::Request& request);

    const content::Catalog& catalog_;
    const PageRenderer& renderer_;
    PageCache& cache_;
};

}  // namespace masthead::web
