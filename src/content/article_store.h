#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "content/article.h"
#include "db/database.h"
#include "util/error.h"

namespace masthead::content {

/// An article as stored, with the section it is filed under.
struct SavedArticle {
    Article article;
    Section section;
    /// Nothing was written: the article was last imported from a file with this content
    /// hash (then only `article.slug` and `section` are filled).
    bool unchanged = false;
    [[nodiscard]] std::string path() const { return section.path + "/" + article.slug; }
};

/// Sections and articles in the SQL database, and the lists that fronts page through
/// (article_listings: each published article under its section and every ancestor, with each
/// front's count in section_counts). Every save keeps those lists and counts in step and
/// records the change in the change log, in its own transaction, so a running server
/// updates what showed the article and nothing else. Each call runs on the Database it is
/// given, so callers choose the transaction; the only state kept is the sections it found
/// stored (sections are never removed), which spares an import a query per article.
class ArticleStore {
  public:
    /// A summary derived from the body (when none is given) is its first paragraph, cut here.
    static constexpr std::size_t kDerivedSummaryBytes = 240;

    explicit ArticleStore(db::Database& db) : db_(db) {}

    /// The connection it runs on, to group several saves into one transaction.
    [[nodiscard]] db::Database& database() const { return db_; }

    /// Finds or creates each level of {"Opinion", "Editorials"}; returns the deepest.
    [[nodiscard]] Result<Section> ensureSectionPath(const std::vector<std::string>& names);

    /// Inserts the article, or updates the one with the same slug (bumping its revision).
    /// Renders the Markdown (unless `body_html` is given) and derives a missing summary.
    /// All or nothing: one transaction, or a savepoint inside the caller's transaction.
    /// `import_hash`, the content hash of the file it comes from: when the stored article was
    /// imported from the same content, nothing is written (SavedArticle::unchanged).
    [[nodiscard]] Result<SavedArticle> save(const ArticleInput& input,
                                            std::string_view import_hash = {},
                                            std::optional<std::string> body_html = std::nullopt);

    [[nodiscard]] Result<std::vector<Section>> sections();
    /// Any article (draft or published) by slug, with its Markdown and tags.
    [[nodiscard]] Result<Article> articleBySlug(std::string_view slug);

    /// The published article with this id or slug, as its page needs it (HTML body and tags,
    /// no Markdown); nullopt when there is none.
    [[nodiscard]] Result<std::optional<Article>> publishedById(std::int64_t id);
    [[nodiscard]] Result<std::optional<Article>> publishedBySlug(std::string_view slug);

    /// What lists show of the published article with this id (no body); nullopt when none.
    [[nodiscard]] Result<std::optional<Teaser>> publishedTeaser(std::int64_t id);

    /// A front's stories in front order (newest first): `section_id` 0 is the whole site.
    /// The first `limit` after skipping `offset` (an index range, however deep)...
    [[nodiscard]] Result<std::vector<Teaser>> listed(std::int64_t section_id, std::size_t offset,
                                                     std::size_t limit);
    /// ...the `limit` just after `key` (older), skipping the first `skip` of those...
    [[nodiscard]] Result<std::vector<Teaser>> listedAfter(std::int64_t section_id,
                                                          const ListKey& key, std::size_t limit,
                                                          std::size_t skip = 0);
    /// ...or the `limit` just before `key` (newer), still newest first.
    [[nodiscard]] Result<std::vector<Teaser>> listedBefore(std::int64_t section_id,
                                                           const ListKey& key, std::size_t limit);
    /// The keys of the front's stories at positions every - 1, 2 * every - 1, ... (0-based,
    /// newest first): one pass over the front's index, so that a deep page can start from
    /// the nearest of them (Catalog::listed).
    [[nodiscard]] Result<std::vector<ListKey>> listingMarks(std::int64_t section_id,
                                                            std::size_t every);
    /// How many stories a section's front lists (its own and its sub-sections').
    [[nodiscard]] Result<std::int64_t> listedCount(std::int64_t section_id);

    /// Whether anything was ever filed (a section exists): the first start adds the demo
    /// articles only to a site without content.
    [[nodiscard]] Result<bool> hasContent();
    /// Whether the demo articles are to be added at the site's first start (a data folder
    /// created by a command that adds no content, such as `masthead user add`).
    [[nodiscard]] Result<bool> demoPending();
    [[nodiscard]] Result<void> setDemoPending(bool pending);

  private:
    /// ensureSectionPath's sections from the top down: {Opinion, Opinion/Editorials}.
    [[nodiscard]] Result<std::vector<Section>> ensureSectionChain(
        const std::vector<std::string>& names);
    [[nodiscard]] Result<SavedArticle> saveInTransaction(const ArticleInput& input,
                                                         std::string_view import_hash,
                                                         std::optional<std::string> body_html);
    [[nodiscard]] Result<std::vector<Teaser>> listedBeside(std::int64_t section_id,
                                                           const ListKey& key, std::size_t limit,
                                                           std::size_t skip, bool older);
    [[nodiscard]] Result<std::vector<Teaser>> teasers(std::string_view sql,
                                                      std::initializer_list<db::Value> params);
    [[nodiscard]] Result<std::optional<Article>> published(std::string_view where, db::Value key);
    db::Database& db_;
    /// Sections found stored, by path (never one created in a transaction that may still
    /// roll back).
    std::unordered_map<std::string, Section> stored_sections_;
};

}  // namespace masthead::content
