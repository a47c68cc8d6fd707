#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "content/article.h"
#include "util/error.h"

namespace masthead::content {

/// An immutable picture of everything readers can see: the section tree and the published
/// articles, indexed by URL path. Built off the request path; read by any number of threads.
class CatalogSnapshot {
  public:
    CatalogSnapshot(std::vector<Section> sections, std::vector<Article> articles,
                    std::uint64_t generation);
    CatalogSnapshot(const CatalogSnapshot&) = delete;  // the indexes point into its vectors
    CatalogSnapshot& operator=(const CatalogSnapshot&) = delete;

    [[nodiscard]] const Section* sectionByPath(std::string_view path) const;
    [[nodiscard]] const Article* articleByPath(std::string_view path) const;
    [[nodiscard]] const Section* section(std::int64_t id) const;
    /// A published article by id, or null.
    [[nodiscard]] const Article* article(std::int64_t id) const;
    [[nodiscard]] const Section& sectionOf(const Article& article) const;
    /// "/opinion/editorials/china-and-defectors"
    [[nodiscard]] std::string pathOf(const Article& article) const;

    /// The section and its ancestors, outermost first (Opinion, Editorials).
    [[nodiscard]] std::vector<const Section*> trail(const Section& section) const;
    /// Top-level sections in their position order.
    [[nodiscard]] std::span<const Section* const> topSections() const { return top_; }
    [[nodiscard]] std::span<const Section* const> children(const Section& section) const;
    /// Published articles of the section and all its descendants, newest first.
    [[nodiscard]] std::span<const Article* const> articlesUnder(const Section& section) const;
    /// All published articles, newest first.
    [[nodiscard]] std::span<const Article* const> latest() const { return latest_; }
    /// Every section and every published article, in no particular order.
    [[nodiscard]] std::span<const Section> sections() const { return sections_; }
    [[nodiscard]] std::span<const Article> articles() const { return articles_; }

    /// Changes whenever the content changes; caches of derived pages key on it.
    [[nodiscard]] std::uint64_t generation() const { return generation_; }

  private:
    std::vector<Section> sections_;
    std::vector<Article> articles_;
    std::uint64_t generation_;
    std::unordered_map<std::int64_t, const Section*> section_by_id_;
    std::unordered_map<std::int64_t, const Article*> article_by_id_;
    std::unordered_map<std::string_view, const Section*> section_by_path_;
    struct PathHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::unordered_map<std::string, const Article*, PathHash, std::equal_to<>> article_by_path_;
    std::unordered_map<std::int64_t, std::vector<const Section*>> children_;
    std::unordered_map<std::int64_t, std::vector<const Article*>> under_;
    std::vector<const Section*> top_;
    std::vector<const Article*> latest_;
};

/// Holds the current CatalogSnapshot. Readers take it without blocking writers; a reload
/// builds a new snapshot and swaps it in.
class Catalog {
  public:
    Catalog()
        : current_(std::make_shared<const CatalogSnapshot>(std::vector<Section>{},
                                                           std::vector<Article>{}, 0)) {}

    /// The current snapshot. Cheap on the hot path: each thread keeps its own reference and
    /// re-reads the shared one only when the generation changed, so readers on different
    /// cores do not contend on one reference count.
    [[nodiscard]] std::shared_ptr<const CatalogSnapshot> snapshot() const;
    void publish(std::vector<Section> sections, std::vector<Article> articles);

  private:
    std::atomic<std::shared_ptr<const CatalogSnapshot>> current_;
    std::atomic<std::uint64_t> generations_{0};
    std::atomic<std::uint64_t> current_generation_{0};
};

}  // namespace masthead::content

namespace masthead::content {

class ArticleStore;

/// Reads sections and published articles from the store and publishes a new snapshot.
[[nodiscard]] Result<void> reloadCatalog(ArticleStore& store, Catalog& catalog);

}  // namespace masthead::content
