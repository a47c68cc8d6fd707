#pragma once

#include <string>
#include <vector>

#include "content/article.h"
#include "db/database.h"
#include "util/error.h"

namespace masthead::content {

/// An article as stored, with the section it is filed under.
struct SavedArticle {
    Article article;
    Section section;
    [[nodiscard]] std::string path() const { return section.path + "/" + article.slug; }
};

/// Sections and articles in the SQL database. Stateless: each call runs on the Database it
/// is given, so callers choose the transaction.
class ArticleStore {
  public:
    explicit ArticleStore(db::Database& db) : db_(db) {}

    /// Finds or creates each level of {"Opinion", "Editorials"}; returns the deepest.
    [[nodiscard]] Result<Section> ensureSectionPath(const std::vector<std::string>& names);

    /// Inserts the article, or updates the one with the same slug (bumping its revision).
    /// Renders the Markdown and derives a missing summary. All or nothing: one transaction.
    [[nodiscard]] Result<SavedArticle> save(const ArticleInput& input);

    [[nodiscard]] Result<std::vector<Section>> sections();
    /// Published articles, newest first, with their tags.
    [[nodiscard]] Result<std::vector<Article>> publishedArticles();
    [[nodiscard]] Result<Article> articleBySlug(std::string_view slug);
    /// A number that every change to sections or articles increases (in the same
    /// transaction), so a server can tell content changes from other writes (read counts).
    [[nodiscard]] Result<std::int64_t> contentRevision();
    /// Whether the demo articles are to be added at the site's first start (a data folder
    /// created by a command that adds no content, such as `masthead user add`).
    [[nodiscard]] Result<bool> demoPending();
    [[nodiscard]] Result<void> setDemoPending(bool pending);

  private:
    [[nodiscard]] Result<void> bumpRevision();
    db::Database& db_;
};

}  // namespace masthead::content
