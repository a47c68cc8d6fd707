#include "content/catalog.h"

#include <algorithm>

#include "util/check.h"

namespace masthead::content {

CatalogSnapshot::CatalogSnapshot(std::vector<Section> sections, std::vector<Article> articles,
                                 std::uint64_t generation)
    : sections_(std::move(sections)), articles_(std::move(articles)), generation_(generation) {
    for (const Section& s : sections_) {
        section_by_id_[s.id] = &s;
        section_by_path_[s.path] = &s;
    }
    for (const Section& s : sections_) {
        if (s.parent_id && section_by_id_.contains(*s.parent_id)) {
            children_[*s.parent_id].push_back(&s);
        } else {
            top_.push_back(&s);
        }
    }
    // Ids are unique, so this order is total and sort() is deterministic.
    std::sort(articles_.begin(), articles_.end(), [](const Article& a, const Article& b) {
        return a.published_at != b.published_at ? a.published_at > b.published_at : a.id > b.id;
    });
    for (const Article& a : articles_) {
        const auto it = section_by_id_.find(a.section_id);
        MASTHEAD_CHECK(it != section_by_id_.end(), "an article's section exists (foreign key)");
        latest_.push_back(&a);
        article_by_id_[a.id] = &a;
        article_by_path_[it->second->path + "/" + a.slug] = &a;
        for (const Section* s = it->second; s != nullptr;
             s = s->parent_id ? section(*s->parent_id) : nullptr) {
            under_[s->id].push_back(&a);
        }
    }
}

const Section* CatalogSnapshot::sectionByPath(std::string_view path) const {
    const auto it = section_by_path_.find(path);
    return it == section_by_path_.end() ? nullptr : it->second;
}

const Article* CatalogSnapshot::articleByPath(std::string_view path) const {
    const auto it = article_by_path_.find(path);
    return it == article_by_path_.end() ? nullptr : it->second;
}

const Section* CatalogSnapshot::section(std::int64_t id) const {
    const auto it = section_by_id_.find(id);
    return it == section_by_id_.end() ? nullptr : it->second;
}

const Article* CatalogSnapshot::article(std::int64_t id) const {
    const auto it = article_by_id_.find(id);
    return it == article_by_id_.end() ? nullptr : it->second;
}

const Section& CatalogSnapshot::sectionOf(const Article& article) const {
    const Section* s = section(article.section_id);
    MASTHEAD_CHECK(s != nullptr, "an article's section exists (foreign key)");
    return *s;
}

std::string CatalogSnapshot::pathOf(const Article& article) const {
    return sectionOf(article).path + "/" + article.slug;
}

std::vector<const Section*> CatalogSnapshot::trail(const Section& start) const {
    std::vector<const Section*> out;
    for (const Section* s = &start; s != nullptr;
         s = s->parent_id ? section(*s->parent_id) : nullptr) {
        out.push_back(s);
    }
    std::reverse(out.begin(), out.end());
    return out;
}

std::span<const Section* const> CatalogSnapshot::children(const Section& s) const {
    const auto it = children_.find(s.id);
    return it == children_.end() ? std::span<const Section* const>{} : it->second;
}

std::span<const Article* const> CatalogSnapshot::articlesUnder(const Section& s) const {
    const auto it = under_.find(s.id);
    return it == under_.end() ? std::span<const Article* const>{} : it->second;
}

void Catalog::publish(std::vector<Section> sections, std::vector<Article> articles) {
    const std::uint64_t generation = generations_.fetch_add(1) + 1;
    auto next = std::make_shared<const CatalogSnapshot>(std::move(sections), std::move(articles),
                                                        generation);
    current_.store(std::move(next), std::memory_order_release);
    current_generation_.store(generation, std::memory_order_release);
}

std::shared_ptr<const CatalogSnapshot> Catalog::snapshot() const {
    struct Cached {
        const Catalog* owner = nullptr;
        std::shared_ptr<const CatalogSnapshot> snapshot;
    };
    thread_local Cached cached;
    const std::uint64_t generation = current_generation_.load(std::memory_order_acquire);
    if (cached.owner != this || !cached.snapshot || cached.snapshot->generation() != generation) {
        cached.owner = this;
        cached.snapshot = current_.load(std::memory_order_acquire);
    }
    return cached.snapshot;
}

}  // namespace masthead::content

#include "content/article_store.h"

namespace masthead::content {

Result<void> reloadCatalog(ArticleStore& store, Catalog& catalog) {
    auto sections = store.sections();
    if (!sections) {
        return fail(sections.error());
    }
    auto articles = store.publishedArticles();
    if (!articles) {
        return fail(articles.error());
    }
    catalog.publish(std::move(*sections), std::move(*articles));
    return {};
}

}  // namespace masthead::content
