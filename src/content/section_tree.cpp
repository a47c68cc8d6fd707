#include "content/section_tree.h"

#include <algorithm>

#include "util/check.h"

namespace masthead::content {

SectionTree::SectionTree(std::vector<Section> sections, std::uint64_t generation)
    : sections_(std::move(sections)), generation_(generation) {
    for (const Section& s : sections_) {
        by_id_[s.id] = &s;
        by_path_[s.path] = &s;
    }
    for (const Section& s : sections_) {
        if (s.parent_id && by_id_.contains(*s.parent_id)) {
            children_[*s.parent_id].push_back(&s);
        } else {
            top_.push_back(&s);
        }
    }
}

const Section* SectionTree::sectionByPath(std::string_view path) const {
    const auto it = by_path_.find(path);
    return it == by_path_.end() ? nullptr : it->second;
}

const Section* SectionTree::section(std::int64_t id) const {
    const auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : it->second;
}

const Section& SectionTree::sectionOf(const Teaser& article) const {
    const Section* s = section(article.section_id);
    MASTHEAD_CHECK(s != nullptr, "an article's section exists (foreign key)");
    return *s;
}

std::string SectionTree::pathOf(const Teaser& article) const {
    return sectionOf(article).path + "/" + article.slug;
}

std::vector<const Section*> SectionTree::trail(const Section& start) const {
    std::vector<const Section*> out;
    for (const Section* s = &start; s != nullptr;
         s = s->parent_id ? section(*s->parent_id) : nullptr) {
        out.push_back(s);
    }
    std::ranges::reverse(out);
    return out;
}

std::vector<std::int64_t> SectionTree::chain(std::int64_t section_id) const {
    std::vector<std::int64_t> out;
    for (const Section* s = section(section_id); s != nullptr;
         s = s->parent_id ? section(*s->parent_id) : nullptr) {
        out.push_back(s->id);
    }
    return out;
}

std::span<const Section* const> SectionTree::children(const Section& s) const {
    const auto it = children_.find(s.id);
    return it == children_.end() ? std::span<const Section* const>{} : it->second;
}

std::optional<ArticleAddress> splitArticlePath(const SectionTree& tree, std::string_view path) {
    const auto slash = path.rfind('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == path.size()) {
        return std::nullopt;
    }
    const Section* section = tree.sectionByPath(path.substr(0, slash));
    if (section == nullptr) {
        return std::nullopt;
    }
    return ArticleAddress{section, path.substr(slash + 1)};
}

}  // namespace masthead::content
