#include "popularity/ranking.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace masthead::popularity {

std::string_view toString(Window w) {
    switch (w) {
        case Window::kNow:
            return "now";
        case Window::kHour:
            return "1h";
        case Window::kDay:
            return "24h";
        case Window::kWeek:
            return "7d";
    }
    return "now";
}

std::optional<Window> parseWindow(std::string_view s) {
    for (Window w : {Window::kNow, Window::kHour, Window::kDay, Window::kWeek}) {
        if (toString(w) == s) {
            return w;
        }
    }
    return std::nullopt;
}

std::span<const RankedArticle> RankingSnapshot::top(std::int64_t section_id, Window w) const {
    const auto it = lists_.find({section_id, w});
    return it == lists_.end() ? std::span<const RankedArticle>{} : it->second;
}

bool RankingSnapshot::sameOrder(const RankingSnapshot& other, std::size_t leading) const {
    const auto shown = [leading](const RankingSnapshot& r) {
        std::vector<std::tuple<std::int64_t, std::int64_t, bool, std::int64_t>> out;
        for (const auto& [key, list] : r.lists_) {
            if (key.second != Window::kNow) {
                continue;
            }
            for (std::size_t i = 0; i < list.size() && i < leading; ++i) {
                out.emplace_back(key.first, list[i].article_id, list[i].pinned,
                                 list[i].teaser.revision);
            }
        }
        return out;
    };
    return shown(*this) == shown(other);
}

bool RankingSnapshot::lists(std::int64_t article_id) const {
    for (const auto& [key, list] : lists_) {
        for (const RankedArticle& r : list) {
            if (r.article_id == article_id) {
                return true;
            }
        }
    }
    return false;
}

std::map<RankingSnapshot::Key, std::vector<RankedArticle>> rank(
    std::span<const ArticleStats> stats, const PublishedArticles& published,
    const content::SectionTree& sections, std::span<const ArticleOverride> overrides,
    std::size_t per_list) {
    std::unordered_map<std::int64_t, Override> override_of;
    for (const ArticleOverride& o : overrides) {
        override_of[o.article_id] = o.mode;
    }
    const auto find = [&](std::int64_t id) -> const content::Teaser* {
        const auto it = published.find(id);
        return it == published.end() ? nullptr : &it->second;
    };
    std::map<RankingSnapshot::Key, std::vector<RankedArticle>> lists;
    const auto addTo = [&](const content::Teaser& article, Window w, RankedArticle entry) {
        entry.teaser = article;
        lists[{0, w}].push_back(entry);
        for (const std::int64_t section : sections.chain(article.section_id)) {
            lists[{section, w}].push_back(entry);
        }
    };
    for (const ArticleStats& s : stats) {
        const content::Teaser* article = find(s.article_id);
        if (article == nullptr) {
            continue;  // unpublished or deleted since it was read
        }
        const auto o = override_of.find(s.article_id);
        if (o != override_of.end() && o->second == Override::kExclude) {
            continue;
        }
        const bool pinned = o != override_of.end() && o->second == Override::kPin;
        if (s.views_48h > 0 || pinned) {
            addTo(*article, Window::kNow, {s.article_id, s.decayed, s.views_48h, pinned, {}});
        }
        for (auto [w, views] :
             {std::pair{Window::kHour, s.views_1h}, std::pair{Window::kDay, s.views_24h},
              std::pair{Window::kWeek, s.views_7d}}) {
            if (views > 0) {
                addTo(*article, w, {s.article_id, static_cast<double>(views), views, false, {}});
            }
        }
    }
    // Pinned articles nobody has read yet still lead the "now" lists.
    for (const ArticleOverride& o : overrides) {
        const content::Teaser* article = find(o.article_id);
        const bool seen = std::ranges::any_of(
            stats, [&](const ArticleStats& s) { return s.article_id == o.article_id; });
        if (o.mode == Override::kPin && article != nullptr && !seen) {
            addTo(*article, Window::kNow, {o.article_id, 0, 0, true, {}});
        }
    }
    for (auto& [key, list] : lists) {
        std::ranges::sort(list, [&](const RankedArticle& a, const RankedArticle& b) {
            if (a.pinned != b.pinned) {
                return a.pinned;
            }
            if (a.score != b.score) {
                return a.score > b.score;
            }
            const auto pa = a.teaser.published_at;
            const auto pb = b.teaser.published_at;
            return pa != pb ? pa > pb : a.article_id > b.article_id;
        });
        if (list.size() > per_list) {
            list.resize(per_list);
        }
    }
    return lists;
}

}  // namespace masthead::popularity
