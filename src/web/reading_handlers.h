#pragma once

#include "content/catalog.h"
#include "http/compression.h"
#include "http/message.h"
#include "popularity/popularity.h"
#include "web/comment_handlers.h"
#include "web/page_cache.h"
#include "web/page_renderer.h"

namespace masthead::web {

/// The reader's pages: home, section fronts, articles, print views, and the error pages in
/// the site's design. Pages come from the PageCache; only a miss renders.
class ReadingHandlers {
  public:
    /// `popularity` may be null (no "What's Popular Now" box); `popular_size` is its length.
    /// `comments` may be null (articles without a comment section).
    ReadingHandlers(const content::Catalog& catalog, const PageRenderer& renderer, PageCache& cache,
                    const popularity::Popularity* popularity = nullptr,
                    std::size_t popular_size = 5, CommentHandlers* comments = nullptr)
        : catalog_(catalog),
          renderer_(renderer),
          cache_(cache),
          popularity_(popularity),
          popular_size_(popular_size),
          comments_(comments) {}

    [[nodiscard]] http::Response home(const http::Request& request);
    /// GET /{path...}: a section front or an article.
    [[nodiscard]] http::Response page(const http::Request& request);
    /// GET /{path...}/print
    [[nodiscard]] http::Response print(const http::Request& request);
    /// An error page; used by the server for 400/404/405/413/431/500.
    [[nodiscard]] http::Response error(int status, std::string_view message) const;

  private:
    [[nodiscard]] static std::shared_ptr<const http::Entity> html(std::string body);
    /// The popular list of a section (0: the whole site), without `exclude_article`.
    [[nodiscard]] std::vector<PopularItem> popular(const content::CatalogSnapshot& snapshot,
                                                   const popularity::RankingSnapshot* ranking,
                                                   std::int64_t section_id,
                                                   std::int64_t exclude_article) const;
    /// Article pages change with the content and the ranking (and their own thread).
    [[nodiscard]] static std::uint64_t articleGeneration(
        const content::CatalogSnapshot& snapshot, const popularity::RankingSnapshot* ranking) {
        return (snapshot.generation() << 32) ^ (ranking ? ranking->generation() : 0);
    }
    /// Fronts (with the popular box and comment counts) change with the content, the ranking
    /// and the counts.
    [[nodiscard]] std::uint64_t pageGeneration(const content::CatalogSnapshot& snapshot,
                                               const popularity::RankingSnapshot* ranking) const {
        return articleGeneration(snapshot, ranking) +
               (comments_ ? comments_->countsGeneration() * 0xC2B2AE3D27D4EB4FULL : 0);
    }
    [[nodiscard]] http::Response articlePage(const content::CatalogSnapshot& snapshot,
                                             const content::Article& article,
                                             const http::Request& request);
    [[nodiscard]] http::Response sectionPage(const content::CatalogSnapshot& snapshot,
                                             const content::Section& section,
                                             const http::Request& request);

    const content::Catalog& catalog_;
    const PageRenderer& renderer_;
    PageCache& cache_;
    const popularity::Popularity* popularity_;
    std::size_t popular_size_;
    CommentHandlers* comments_;
    /// A signed-in reader's article page is this shell around their comment section: the
    /// page's text before and after the section, and each compressed on its own so that a
    /// gzip page compresses only the reader's section (http::gzipJoin).
    struct Shell {
        std::string before;
        std::string after;
        http::DeflatedPart before_gzip;
        http::DeflatedPart after_gzip;
    };
    GenerationCache<Shell> shells_{1'000};
};

}  // namespace masthead::web
