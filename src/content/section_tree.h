#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "content/article.h"

namespace masthead::content {

/// An immutable picture of the section tree (Opinion > Editorials), indexed by id and by
/// URL path. Small (a paper has tens of sections, not thousands): the one part of the content
/// kept whole in memory. Read by any number of threads.
class SectionTree {
  public:
    SectionTree(std::vector<Section> sections, std::uint64_t generation);
    SectionTree(const SectionTree&) = delete;  // the indexes point into its vector
    SectionTree& operator=(const SectionTree&) = delete;

    [[nodiscard]] const Section* sectionByPath(std::string_view path) const;
    [[nodiscard]] const Section* section(std::int64_t id) const;
    /// The article's section (which exists: a foreign key).
    [[nodiscard]] const Section& sectionOf(const Teaser& article) const;
    /// "/opinion/editorials/china-and-defectors"
    [[nodiscard]] std::string pathOf(const Teaser& article) const;

    /// The section and its ancestors, outermost first (Opinion, Editorials).
    [[nodiscard]] std::vector<const Section*> trail(const Section& section) const;
    /// The ids of the section and its ancestors, innermost first: the fronts that list an
    /// article filed under it.
    [[nodiscard]] std::vector<std::int64_t> chain(std::int64_t section_id) const;
    /// Top-level sections in their position order.
    [[nodiscard]] std::span<const Section* const> topSections() const { return top_; }
    [[nodiscard]] std::span<const Section* const> children(const Section& section) const;
    /// Every section, in position order.
    [[nodiscard]] std::span<const Section> sections() const { return sections_; }

    /// Changes whenever the tree changes; pages that show the navigation key on it.
    [[nodiscard]] std::uint64_t generation() const { return generation_; }

  private:
    std::vector<Section> sections_;
    std::uint64_t generation_;
    std::unordered_map<std::int64_t, const Section*> by_id_;
    std::unordered_map<std::string_view, const Section*> by_path_;
    std::unordered_map<std::int64_t, std::vector<const Section*>> children_;
    std::vector<const Section*> top_;
};

/// An article's address split into its section's path and its slug: "/opinion/editorials"
/// and "china-and-defectors". nullopt when the path has no slug after a section.
struct ArticleAddress {
    const Section* section = nullptr;
    std::string_view slug;
};
[[nodiscard]] std::optional<ArticleAddress> splitArticlePath(const SectionTree& tree,
                                                             std::string_view path);

}  // namespace masthead::content
