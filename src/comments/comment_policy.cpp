#include "comments/comment_policy.h"

#include <array>

namespace masthead::comments {
namespace {

constexpr std::array<std::pair<Mode, std::string_view>, 3> kModes{{
    {Mode::kOpen, "open"},
    {Mode::kPremoderated, "premoderated"},
    {Mode::kClosed, "closed"},
}};
constexpr std::array<std::pair<Scope, std::string_view>, 3> kScopes{{
    {Scope::kSite, "site"},
    {Scope::kSection, "section"},
    {Scope::kArticle, "article"},
}};

template <typename E, std::size_t N>
std::string_view nameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
    for (const auto& [v, name] : table) {
        if (v == value) {
            return name;
        }
    }
    return table.front().second;
}

template <typename E, std::size_t N>
std::optional<E> valueOf(const std::array<std::pair<E, std::string_view>, N>& table,
                         std::string_view s) {
    for (const auto& [v, name] : table) {
        if (name == s) {
            return v;
        }
    }
    return std::nullopt;
}

}  // namespace

std::string_view toString(Mode mode) { return nameOf(kModes, mode); }
std::optional<Mode> parseMode(std::string_view s) { return valueOf(kModes, s); }
std::string_view toString(Scope scope) { return nameOf(kScopes, scope); }
std::optional<Scope> parseScope(std::string_view s) { return valueOf(kScopes, s); }

ArticleMode CommentPolicy::modeOf(const content::SectionTree& tree, const content::Teaser& article,
                                  std::int64_t now) const {
    const auto find = [this](Scope scope, std::int64_t id) -> const ModeSetting* {
        for (const ModeSetting& m : modes) {
            if (m.scope == scope && m.scope_id == id) {
                return &m;
            }
        }
        return nullptr;
    };
    const ModeSetting* setting = find(Scope::kArticle, article.id);
    for (const std::int64_t section : tree.chain(article.section_id)) {
        if (setting != nullptr) {
            break;
        }
        setting = find(Scope::kSection, section);
    }
    if (setting == nullptr) {
        setting = find(Scope::kSite, 0);
    }
    if (setting == nullptr) {
        return {};
    }
    if (setting->mode == Mode::kClosed) {
        return {Mode::kClosed, "Comments on this article are closed."};
    }
    if (setting->close_after_hours) {
        const std::int64_t published = std::chrono::duration_cast<std::chrono::seconds>(
                                           article.published_at.time_since_epoch())
                                           .count();
        if (now >= published + *setting->close_after_hours * 3600) {
            return {Mode::kClosed, "Comments on this article closed " +
                                       std::to_string(*setting->close_after_hours) +
                                       " hours after it was published."};
        }
    }
    return {setting->mode, ""};
}

}  // namespace masthead::comments
