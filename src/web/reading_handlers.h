#pragma once

#include "content/catalog.h"
#include "content/section_tree.h"
#include "http/compression.h"
#include "http/message.h"
#include "popularity/popularity.h"
#include "web/comment_section.h"
#include "web/errors.h"
#include "web/page_cache.h"
#include "web/page_renderer.h"

namespace masthead::web {

/// The reader's pages: home, section fronts, articles and print views. Pages come from the
/// PageCache, keyed on the versions of what they show (page_versions.h); only a miss reads
/// the catalog and renders.
class ReadingHandlers {
  public:
    /// `popularity` may be null (no "What's Popular Now" box); `popular_size` is its length.
    /// `comments` may be null (articles without a comment section).
    ReadingHandlers(const content::Catalog& catalog, const PageRenderer& renderer, PageCache& cache,
                    const ErrorPages& errors, const popularity::Popularity* popularity = nullptr,
                    std::size_t popular_size = 5, CommentSection* comments = nullptr,
                    std::size_t shell_cache_bytes = kShellCacheBytes)
        : catalog_(catalog),
          renderer_(renderer),
          cache_(cache),
          errors_(errors),
          popularity_(popularity),
          popular_size_(popular_size),
          comments_(comments),
          shells_(shell_cache_bytes) {}

    /// Signed-in readers' pages are made around shells of the article pages they read.
    static constexpr std::size_t kShellCacheBytes = 16U << 20U;

    [[nodiscard]] http::Response home(const http::Request& request);
    /// GET /{path...}: a section front or an article.
    [[nodiscard]] http::Response page(const http::Request& request);
    /// GET /{path...}/print
    [[nodiscard]] http::Response print(const http::Request& request);
    /// The shells of signed-in readers' pages (for /metrics).
    [[nodiscard]] CacheStats shellCacheStats() const { return shells_.stats(); }

  private:
    [[nodiscard]] static std::shared_ptr<const http::Entity> html(std::string body);
    /// The 503 page when the archive cannot be read.
    [[nodiscard]] http::Response unavailable(const Error& e) const;
    /// The popular list of a section (0: the whole site), without `exclude_article`.
    [[nodiscard]] std::vector<PopularItem> popular(const content::SectionTree& tree,
                                                   const popularity::RankingSnapshot* ranking,
                                                   std::int64_t section_id,
                                                   std::int64_t exclude_article) const;
    [[nodiscard]] static std::uint64_t rankingVersion(const popularity::RankingSnapshot* ranking) {
        return ranking ? ranking->generation() : 0;
    }
    [[nodiscard]] std::uint64_t countsVersion() const {
        return comments_ ? comments_->countsGeneration() : 0;
    }
    [[nodiscard]] http::Response articlePage(const content::SectionTree& tree,
                                             const content::Article& article,
                                             const http::Request& request);
    [[nodiscard]] http::Response sectionPage(const content::SectionTree& tree,
                                             const content::Section& section,
                                             const http::Request& request);

    const content::Catalog& catalog_;
    const PageRenderer& renderer_;
    PageCache& cache_;
    const ErrorPages& errors_;
    const popularity::Popularity* popularity_;
    std::size_t popular_size_;
    CommentSection* comments_;
    /// A signed-in reader's article page is this shell around their comment section: the
    /// page's text before and after the section, and each compressed on its own so that a
    /// gzip page compresses only the reader's section (http::gzipJoin).
    struct Shell {
        std::string before;
        std::string after;
        http::DeflatedPart before_gzip;
        http::DeflatedPart after_gzip;
        friend std::size_t cachedBytes(const Shell& s) {
            return sizeof(Shell) + s.before.capacity() + s.after.capacity() +
                   s.before_gzip.data.capacity() + s.after_gzip.data.capacity();
        }
        friend std::shared_ptr<const Shell> improved(const Shell&) { return nullptr; }
    };
    GenerationCache<Shell> shells_;
};

}  // namespace masthead::web
