#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "content/catalog.h"
#include "web/site_info.h"
#include "web/static_assets.h"
#include "web/templates.h"

namespace masthead::web {

/// One line of "What's Popular Now".
struct PopularItem {
    std::string path;
    std::string headline;
    std::string section;
};

/// Turns catalog content into HTML pages through the templates. Pure: the same snapshot and
/// arguments give the same bytes (golden-file tested). Thread-safe.
class PageRenderer {
  public:
    PageRenderer(const SiteInfo& site, const Templates& templates, const StaticAssets& assets)
        : site_(site), templates_(templates), assets_(assets) {}

    /// Visible comments per article, shown on home and section fronts ("3 comments"). Set
    /// once before serving; pages then also depend on the counts (the caller keys its cache
    /// on their generation).
    void setCommentCounts(std::function<std::size_t(std::int64_t)> counts) {
        comment_counts_ = std::move(counts);
    }

    /// `popular` lists "What's Popular Now"; the box is left out when it is empty.
    [[nodiscard]] std::string home(const content::CatalogSnapshot& snapshot,
                                   std::span<const PopularItem> popular = {}) const;
    /// One page (1-based) of a section front.
    [[nodiscard]] std::string section(const content::CatalogSnapshot& snapshot,
                                      const content::Section& section, std::size_t page,
                                      std::span<const PopularItem> popular = {}) const;
    /// Number of pages of the section front (at least 1).
    [[nodiscard]] std::size_t sectionPages(const content::CatalogSnapshot& snapshot,
                                           const content::Section& section) const;
    /// `comments` is the comment section's HTML (comment box and first page), placed after
    /// the article and before "What's Popular Now"; empty: none.
    [[nodiscard]] std::string article(const content::CatalogSnapshot& snapshot,
                                      const content::Article& article,
                                      std::span<const PopularItem> popular = {},
                                      std::string_view comments = {}) const;
    [[nodiscard]] std::string print(const content::CatalogSnapshot& snapshot,
                                    const content::Article& article) const;
    [[nodiscard]] std::string error(const content::CatalogSnapshot& snapshot, int status,
                                    std::string_view message) const;
    /// An error page with a way back to where the reader came from (a comment that was not
    /// accepted goes back to its article).
    [[nodiscard]] std::string error(const content::CatalogSnapshot& snapshot, int status,
                                    std::string_view message, std::string_view back_url,
                                    std::string_view back_label) const;

    /// A page of the site that is neither content nor an error (login, comment pages, the
    /// Standards Board Policy): `content` is HTML made by Masthead's templates.
    struct PlainPage {
        std::string title;
        std::string description;
        std::string canonical_path;
        std::string body_class;
        std::string content;
        std::vector<std::string> scripts;  ///< asset names: "comments.js"
        bool noindex = false;
    };
    [[nodiscard]] std::string plain(const content::CatalogSnapshot& snapshot,
                                    const PlainPage& page) const;

    /// "/opinion/editorials/china-and-defectors/print"
    [[nodiscard]] static std::string printPath(std::string_view article_path) {
        return std::string(article_path) + "/print";
    }

  private:
    struct PageMeta {
        std::string title;
        std::string description;
        std::string canonical_path;
        std::string body_class;
        std::string og_type = "website";
        std::string og_title;
        std::string json_ld;
        std::vector<std::string> scripts;  ///< script URLs, loaded deferred in this order
        std::string prev_url;
        std::string next_url;
        bool noindex = false;
        const content::Section* current_top = nullptr;
        TemplateData article_meta{false};
    };
    [[nodiscard]] std::string layout(const content::CatalogSnapshot& snapshot, const PageMeta& meta,
                                     std::string content) const;
    [[nodiscard]] std::string breadcrumb(const content::CatalogSnapshot& snapshot,
                                         const content::Section& section, bool current) const;
    [[nodiscard]] std::string storyItem(const content::CatalogSnapshot& snapshot,
                                        const content::Article& article, int level,
                                        bool show_summary, bool show_section) const;
    [[nodiscard]] std::string popularBox(std::span<const PopularItem> popular) const;
    [[nodiscard]] TemplateData articleData(const content::CatalogSnapshot& snapshot,
                                           const content::Article& article) const;
    [[nodiscard]] std::string jsonLd(const content::CatalogSnapshot& snapshot,
                                     const content::Article& article) const;

    const SiteInfo& site_;
    const Templates& templates_;
    const StaticAssets& assets_;
    std::function<std::size_t(std::int64_t)> comment_counts_;
};

}  // namespace masthead::web
