#include "content/catalog.h"

#include <algorithm>

#include "content/article_store.h"

namespace masthead::content {
namespace {

// Slugs looked up by address, with their ids: a few hundred KB covers every address that a
// busy day's readers ask for.
constexpr std::size_t kSlugCacheBytes = 4U << 20U;

std::size_t bytesOf(const Article& a) {
    std::size_t n = sizeof(Article) + a.slug.capacity() + a.headline.capacity() +
                    a.summary.capacity() + a.byline.capacity() + a.source.capacity() +
                    a.body_markdown.capacity() + a.body_html.capacity();
    for (const std::string& t : a.tags) {
        n += sizeof(std::string) + t.capacity();
    }
    return n;
}

}  // namespace

Catalog::Catalog(db::ConnectionPool& pool, CatalogOptions options)
    : pool_(pool),
      articles_(options.article_cache_bytes),
      ids_by_slug_(kSlugCacheBytes),
      sections_(std::make_shared<const SectionTree>(std::vector<Section>{}, 0)),
      mark_every_(std::max<std::size_t>(1, options.mark_every)) {}

Result<void> Catalog::loadSections() {
    auto sections = pool_.with([](db::Database& db) { return ArticleStore(db).sections(); });
    if (!sections) {
        return fail(sections.error());
    }
    const std::uint64_t generation = sections_.get()->generation() + 1;
    sections_.publish(std::make_shared<const SectionTree>(std::move(*sections), generation));
    return {};
}

std::shared_ptr<const SectionTree> Catalog::sections() const { return sections_.get(); }

void Catalog::keep(const ArticlePtr& article, std::uint64_t epoch) const {
    articles_read_.fetch_add(1, std::memory_order_relaxed);
    if (epoch_.load(std::memory_order_acquire) == epoch) {
        articles_.put(article->id, article, bytesOf(*article));
    }
}

Result<std::shared_ptr<const Article>> Catalog::articleAt(const SectionTree& tree,
                                                          std::string_view path) const {
    const auto address = splitArticlePath(tree, path);
    if (!address) {
        return ArticlePtr();
    }
    auto article = articleBySlug(address->slug);
    if (!article || !*article) {
        return article;
    }
    // Filed under another section: this address is not the article's.
    return (*article)->section_id == address->section->id ? *article : ArticlePtr();
}

Result<std::shared_ptr<const Article>> Catalog::articleBySlug(std::string_view slug) const {
    if (const std::int64_t id = ids_by_slug_.find(slug); id != 0) {
        if (ArticlePtr cached = articles_.find(id); cached && cached->slug == slug) {
            return cached;
        }
    }
    const std::uint64_t epoch = epoch_.load(std::memory_order_acquire);
    auto loaded =
        pool_.with([&](db::Database& db) { return ArticleStore(db).publishedBySlug(slug); });
    if (!loaded) {
        return fail(loaded.error());
    }
    if (!*loaded) {
        return ArticlePtr();
    }
    auto article = std::make_shared<const Article>(std::move(**loaded));
    ids_by_slug_.put(article->slug, article->id, 0);
    keep(article, epoch);
    return article;
}

Result<std::shared_ptr<const Article>> Catalog::article(std::int64_t id) const {
    if (ArticlePtr cached = articles_.find(id)) {
        return cached;
    }
    const std::uint64_t epoch = epoch_.load(std::memory_order_acquire);
    auto loaded = pool_.with([&](db::Database& db) { return ArticleStore(db).publishedById(id); });
    if (!loaded) {
        return fail(loaded.error());
    }
    if (!*loaded) {
        return ArticlePtr();
    }
    auto article = std::make_shared<const Article>(std::move(**loaded));
    keep(article, epoch);
    return article;
}

Result<std::optional<Teaser>> Catalog::teaser(std::int64_t id) const {
    if (ArticlePtr cached = articles_.find(id)) {
        return std::optional<Teaser>(static_cast<const Teaser&>(*cached));
    }
    return pool_.with([&](db::Database& db) { return ArticleStore(db).publishedTeaser(id); });
}

Result<std::vector<Teaser>> Catalog::listed(std::int64_t section_id, std::size_t offset,
                                            std::size_t limit) const {
    if (offset >= mark_every_) {
        auto all = marks(section_id);
        if (!all) {
            return fail(all.error());
        }
        // Mark i is the story at position (i + 1) * mark_every - 1: the page starts just
        // after the mark at or before `offset - 1`.
        const std::size_t i = offset / mark_every_ - 1;
        if (i < (*all)->size()) {
            const ListKey& mark = (**all)[i];
            const std::size_t skip = offset - (i + 1) * mark_every_;
            return pool_.with([&](db::Database& db) {
                return ArticleStore(db).listedAfter(section_id, mark, limit, skip);
            });
        }
        // Past the last mark: past the end of the front, or a change made it shorter.
    }
    return pool_.with(
        [&](db::Database& db) { return ArticleStore(db).listed(section_id, offset, limit); });
}

Result<std::shared_ptr<const std::vector<ListKey>>> Catalog::marks(std::int64_t section_id) const {
    std::uint64_t version = 0;
    {
        const std::lock_guard lock(lists_mutex_);
        const ListState& state = lists_[section_id];
        if (state.marks) {
            return state.marks;
        }
        version = state.version + all_lists_version_;
    }
    auto read = pool_.with(
        [&](db::Database& db) { return ArticleStore(db).listingMarks(section_id, mark_every_); });
    if (!read) {
        return fail(read.error());
    }
    auto marks = std::make_shared<const std::vector<ListKey>>(std::move(*read));
    const std::lock_guard lock(lists_mutex_);
    ListState& state = lists_[section_id];
    if (state.version + all_lists_version_ == version) {  // no change arrived meanwhile
        state.marks = marks;
    }
    return marks;
}

Result<std::vector<Teaser>> Catalog::listedAfter(std::int64_t section_id, const ListKey& key,
                                                 std::size_t limit) const {
    return pool_.with(
        [&](db::Database& db) { return ArticleStore(db).listedAfter(section_id, key, limit); });
}

Result<std::vector<Teaser>> Catalog::listedBefore(std::int64_t section_id, const ListKey& key,
                                                  std::size_t limit) const {
    return pool_.with(
        [&](db::Database& db) { return ArticleStore(db).listedBefore(section_id, key, limit); });
}

Result<std::size_t> Catalog::listedCount(std::int64_t section_id) const {
    std::uint64_t version = 0;
    {
        const std::lock_guard lock(lists_mutex_);
        const ListState& state = lists_[section_id];
        if (state.count >= 0) {
            return static_cast<std::size_t>(state.count);
        }
        version = state.version + all_lists_version_;
    }
    auto count =
        pool_.with([&](db::Database& db) { return ArticleStore(db).listedCount(section_id); });
    if (!count) {
        return fail(count.error());
    }
    const std::lock_guard lock(lists_mutex_);
    ListState& state = lists_[section_id];
    if (state.version + all_lists_version_ == version) {  // no change arrived meanwhile
        state.count = *count;
    }
    return static_cast<std::size_t>(*count);
}

std::uint64_t Catalog::listVersion(std::int64_t section_id) const {
    const std::lock_guard lock(lists_mutex_);
    const auto it = lists_.find(section_id);
    return (it == lists_.end() ? 1 : it->second.version) + all_lists_version_;
}

void Catalog::bump(std::int64_t section_id) {
    ListState& state = lists_[section_id];
    ++state.version;
    state.count = -1;
    state.marks.reset();
}

void Catalog::articleChanged(std::int64_t article_id, std::int64_t old_section,
                             std::int64_t new_section) {
    epoch_.fetch_add(1, std::memory_order_acq_rel);
    articles_.erase(article_id);
    const auto tree = sections();
    const std::lock_guard lock(lists_mutex_);
    bump(0);
    for (const std::int64_t section : {old_section, new_section}) {
        for (const std::int64_t id : tree->chain(section)) {
            bump(id);
        }
    }
}

Result<void> Catalog::forgetAll() {
    epoch_.fetch_add(1, std::memory_order_acq_rel);
    articles_.clear();
    ids_by_slug_.clear();
    {
        const std::lock_guard lock(lists_mutex_);
        ++all_lists_version_;
        for (auto& [id, state] : lists_) {
            state.count = -1;
            state.marks.reset();
        }
    }
    return loadSections();
}

}  // namespace masthead::content
