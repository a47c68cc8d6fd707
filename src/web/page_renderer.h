#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "content/section_tree.h"
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

/// One section of the home page: the section and its latest stories.
struct HomeSection {
    const content::Section* section = nullptr;
    std::vector<content::Teaser> stories;
};

/// One page of a section front, as the handler read it: the stories and where the links
/// to the pages beside it go (empty: no such page).
struct FrontPage {
    std::vector<content::Teaser> stories;
    std::size_t page = 1;   ///< 1-based, as the reader sees it
    std::size_t pages = 1;  ///< at least 1
    std::string prev_url;   ///< newer stories
    std::string next_url;   ///< older stories
};

/// Turns content into HTML pages through the templates. Pure: the same tree, content and
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

    /// `lead` is the latest story (null: nothing published), then each top section's latest
    /// others. `popular` lists "What's Popular Now"; the box is left out when it is empty.
    [[nodiscard]] std::string home(const content::SectionTree& tree, const content::Teaser* lead,
                                   std::span<const HomeSection> sections,
                                   std::span<const PopularItem> popular = {}) const;
    /// One page of a section front.
    [[nodiscard]] std::string section(const content::SectionTree& tree,
                                      const content::Section& section, const FrontPage& page,
                                      std::span<const PopularItem> popular = {}) const;
    /// Number of pages a front of `stories` stories has (at least 1).
    [[nodiscard]] std::size_t pagesOf(std::size_t stories) const;
    /// The address of a front's page by number: "/opinion", "/opinion?page=2".
    [[nodiscard]] static std::string frontPageUrl(const content::Section& section,
                                                  std::size_t page);
    /// `comments` is the comment section's HTML (comment box and first page), placed after
    /// the article and before "What's Popular Now"; empty: none.
    [[nodiscard]] std::string article(const content::SectionTree& tree,
                                      const content::Article& article,
                                      std::span<const PopularItem> popular = {},
                                      std::string_view comments = {}) const;
    [[nodiscard]] std::string print(const content::SectionTree& tree,
                                    const content::Article& article) const;
    [[nodiscard]] std::string error(const content::SectionTree& tree, int status,
                                    std::string_view message) const;
    /// An error page with a way back to where the reader came from (a comment that was not
    /// accepted goes back to its article).
    [[nodiscard]] std::string error(const content::SectionTree& tree, int status,
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
    [[nodiscard]] std::string plain(const content::SectionTree& tree, const PlainPage& page) const;

    /// Stories on a page of a section front.
    [[nodiscard]] std::size_t pageSize() const { return site_.section_page_size; }
    /// Stories the home page shows of each top section.
    [[nodiscard]] std::size_t homeStoriesPerSection() const {
        return site_.home_stories_per_section;
    }

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
    [[nodiscard]] std::string layout(const content::SectionTree& tree, PageMeta meta,
                                     const std::string& content) const;
    [[nodiscard]] std::string breadcrumb(const content::SectionTree& tree,
                                         const content::Section& section, bool current) const;
    [[nodiscard]] std::string storyItem(const content::SectionTree& tree,
                                        const content::Teaser& article, int level,
                                        bool show_summary, bool show_section) const;
    [[nodiscard]] std::string popularBox(std::span<const PopularItem> popular) const;
    [[nodiscard]] TemplateData articleData(const content::SectionTree& tree,
                                           const content::Article& article) const;
    /// The article's schema.org NewsArticle, as the page's JSON-LD block.
    [[nodiscard]] std::string jsonLd(const content::SectionTree& tree,
                                     const content::Article& article,
                                     const std::string& published_iso,
                                     const std::string& modified_iso) const;

    const SiteInfo& site_;
    const Templates& templates_;
    const StaticAssets& assets_;
    std::function<std::size_t(std::int64_t)> comment_counts_;
};

}  // namespace masthead::web
