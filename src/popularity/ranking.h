#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "content/section_tree.h"
#include "popularity/view_archive.h"
#include "popularity/view_store.h"

namespace masthead::popularity {

/// Which count orders a list: "now" is the decayed count of the last 48 hours.
enum class Window { kNow, kHour, kDay, kWeek };

[[nodiscard]] std::string_view toString(Window w);
[[nodiscard]] std::optional<Window> parseWindow(std::string_view s);

struct RankedArticle {
    std::int64_t article_id = 0;
    double score = 0;         ///< decayed reads (kNow) or reads in the window
    std::uint64_t views = 0;  ///< reads in the window (48 hours for kNow)
    bool pinned = false;
    content::Teaser teaser;  ///< what the lists show of it, as it was when ranked
};

/// An immutable ranking: for the whole site (section 0) and every section, the top articles
/// per window. Pages read it; nothing is sorted per request. Thread-safe.
class RankingSnapshot {
  public:
    using Key = std::pair<std::int64_t, Window>;
    RankingSnapshot(std::map<Key, std::vector<RankedArticle>> lists, std::uint64_t generation,
                    SysTime computed_at)
        : lists_(std::move(lists)), generation_(generation), computed_at_(computed_at) {}

    /// Section 0 is the whole site. Empty when nobody read anything there.
    [[nodiscard]] std::span<const RankedArticle> top(std::int64_t section_id, Window w) const;
    /// Changes only when some list's order, membership or pins change (not with counts
    /// alone), so pages that show the box are rendered again only then.
    [[nodiscard]] std::uint64_t generation() const { return generation_; }
    [[nodiscard]] RankingSnapshot withGeneration(std::uint64_t generation) && {
        generation_ = generation;
        return std::move(*this);
    }
    [[nodiscard]] SysTime computedAt() const { return computed_at_; }
    /// True when the first `leading` articles of every "now" list are the same, in the same
    /// order, pinned alike, at the same revision: what the "What's Popular Now" boxes show is
    /// the same.
    [[nodiscard]] bool sameOrder(const RankingSnapshot& other, std::size_t leading) const;
    /// Whether any list holds the article.
    [[nodiscard]] bool lists(std::int64_t article_id) const;

  private:
    std::map<Key, std::vector<RankedArticle>> lists_;
    std::uint64_t generation_;
    SysTime computed_at_;
};

/// The published articles a ranking may list, by id, as the catalog gave them.
using PublishedArticles = std::unordered_map<std::int64_t, content::Teaser>;

/// Ranks published articles: pinned first, then by score, ties broken by recency (newer
/// publication first). Excluded, unpublished and unknown articles (not in `published`) never
/// appear; an article is listed for the whole site and for its section and each ancestor in
/// `sections`. Keeps `per_list` articles per list.
[[nodiscard]] std::map<RankingSnapshot::Key, std::vector<RankedArticle>> rank(
    std::span<const ArticleStats> stats, const PublishedArticles& published,
    const content::SectionTree& sections, std::span<const ArticleOverride> overrides,
    std::size_t per_list);

}  // namespace masthead::popularity
