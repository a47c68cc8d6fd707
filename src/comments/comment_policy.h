#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "comments/word_filter.h"
#include "content/section_tree.h"

namespace masthead::comments {

/// Whether readers may comment on an article, and whether their comments wait for a
/// moderator first.
enum class Mode { kOpen, kPremoderated, kClosed };

[[nodiscard]] std::string_view toString(Mode mode);
[[nodiscard]] std::optional<Mode> parseMode(std::string_view s);

enum class Scope { kSite, kSection, kArticle };

[[nodiscard]] std::string_view toString(Scope scope);
[[nodiscard]] std::optional<Scope> parseScope(std::string_view s);

/// One row of comment_modes: the mode of the site, a section (and the sections below it) or
/// an article, and optionally the hours after publication when comments close.
struct ModeSetting {
    Scope scope = Scope::kSite;
    std::int64_t scope_id = 0;  ///< 0 for the site
    Mode mode = Mode::kOpen;
    std::optional<std::int64_t> close_after_hours;
};

/// What applies to one article at one moment.
struct ArticleMode {
    Mode mode = Mode::kOpen;
    std::string why;  ///< for a closed thread: "Comments on this article are closed."
};

/// The moderators' settings that every new comment is checked against: the word lists and
/// the comment modes. Immutable; CommentService swaps in a new one after each change.
struct CommentPolicy {
    WordFilter words;
    std::vector<ModeSetting> modes;

    /// The most specific setting wins: the article's, else its section's or the nearest
    /// enclosing section's, else the site's, else open.
    [[nodiscard]] ArticleMode modeOf(const content::SectionTree& tree,
                                     const content::Teaser& article, std::int64_t now) const;
};

}  // namespace masthead::comments
