#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.h"
#include "dictionary/glossary.h"
#include "util/error.h"

namespace masthead::dictionary {

/// Limits of a glossary entry, in bytes of UTF-8.
inline constexpr std::size_t kMaxGlossaryTermBytes = 64;  ///< once normalized, like a query
inline constexpr std::size_t kMaxGlossaryKoreanBytes = 200;
inline constexpr std::size_t kMaxGlossaryNoteBytes = 500;

/// An entry as an editor gives it (command line or JSON import).
struct GlossaryInput {
    std::string article_slug;  ///< "" for the whole site
    std::string term;
    std::string korean;
    std::string note;
};

/// A valid entry, ready to store: text with its whitespace collapsed and the term's key.
struct CheckedGlossaryInput {
    std::string article_slug;
    std::string term;
    std::string term_key;
    std::string korean;
    std::string note;
};

/// Checks an entry: the term is 1 to 64 bytes once normalized (normalizeQuery, which gives
/// its key), the Korean gloss 1 to 200 bytes, the note at most 500; all valid UTF-8 without
/// control characters. kInvalidInput saying what is wrong ("the term is empty").
[[nodiscard]] Result<CheckedGlossaryInput> checkGlossaryInput(const GlossaryInput& input);

/// Whether save() added an entry or replaced the one with the same term.
enum class GlossarySave { kAdded, kUpdated };

struct GlossaryImport {
    std::size_t added = 0;
    std::size_t updated = 0;
};

/// The glossary in the SQL database (table glossary_entries). Every change is also recorded
/// in the change log in its transaction, so running servers reload the glossary
/// (ChangeFollower). Stateless like ArticleStore: not thread-safe, as its Database.
class GlossaryStore {
  public:
    explicit GlossaryStore(db::Database& db) : db_(db) {}

    /// Adds the entry, or replaces the gloss and note of the entry with the same term key for
    /// the same article (or the site). kInvalidInput (checkGlossaryInput), kNotFound for an
    /// unknown article slug.
    [[nodiscard]] Result<GlossarySave> save(const GlossaryInput& input);
    /// Removes the entry for `term` (matched by its key) of the article, or of the site when
    /// `article_slug` is empty. kNotFound when there is none.
    [[nodiscard]] Result<void> remove(std::string_view article_slug, std::string_view term);
    /// Saves every entry in one transaction, or none: the first failure is returned with
    /// "entry N: " (1-based) before its message.
    [[nodiscard]] Result<GlossaryImport> importEntries(std::span<const GlossaryInput> inputs);

    /// Every entry: site-wide ones first, then by article slug; by term key within each.
    [[nodiscard]] Result<std::vector<GlossaryEntry>> entries();
    /// The entries of one article (of the site when `article_slug` is empty).
    /// kNotFound for an unknown slug.
    [[nodiscard]] Result<std::vector<GlossaryEntry>> entriesOf(std::string_view article_slug);

  private:
    /// The article's id; nullopt for "" (the site). kNotFound for an unknown slug.
    [[nodiscard]] Result<std::optional<std::int64_t>> articleId(std::string_view slug);
    [[nodiscard]] Result<GlossarySave> upsert(const CheckedGlossaryInput& entry);
    [[nodiscard]] Result<std::vector<GlossaryEntry>> select(
        std::string_view where, std::initializer_list<db::Value> params);
    [[nodiscard]] Result<void> recordChange();

    db::Database& db_;
};

/// Reads every entry from the store and publishes them as the glossary's new snapshot.
[[nodiscard]] Result<void> reloadGlossary(GlossaryStore& store, Glossary& glossary);

}  // namespace masthead::dictionary
