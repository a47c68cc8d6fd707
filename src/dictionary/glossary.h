#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace masthead::dictionary {

/// One of the newsroom's own entries: a term with its Korean gloss and a note, attached to
/// one article or to the whole site.
struct GlossaryEntry {
    std::int64_t id = 0;
    std::optional<std::int64_t> article_id;  ///< nullopt: site-wide
    std::string article_slug;                ///< "" for site-wide entries
    std::string term;                        ///< as the editor wrote it
    std::string term_key;                    ///< normalizeQuery(term): what lookups match
    std::string korean;
    std::string note;
};

/// An immutable picture of the glossary, indexed by term key. Read by any number of threads.
class GlossarySnapshot {
  public:
    GlossarySnapshot(std::vector<GlossaryEntry> entries, std::uint64_t generation);
    GlossarySnapshot(const GlossarySnapshot&) = delete;  // the index points into entries_
    GlossarySnapshot& operator=(const GlossarySnapshot&) = delete;

    /// The entries for `term_key`: the article's (when `article_id` is given) first, then the
    /// site-wide one.
    [[nodiscard]] std::vector<const GlossaryEntry*> find(
        std::string_view term_key, std::optional<std::int64_t> article_id) const;

    [[nodiscard]] std::span<const GlossaryEntry> entries() const { return entries_; }
    /// Changes whenever the glossary is reloaded; caches of lookups key on it.
    [[nodiscard]] std::uint64_t generation() const { return generation_; }

  private:
    struct KeyHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::vector<GlossaryEntry> entries_;
    std::uint64_t generation_;
    std::unordered_map<std::string, std::vector<const GlossaryEntry*>, KeyHash, std::equal_to<>>
        by_key_;
};

/// Holds the current GlossarySnapshot: lookups read it without a lock or a query; a reload
/// (GlossaryStore, reloadGlossary) builds a new one and swaps it in. Thread-safe.
class Glossary {
  public:
    Glossary();

    /// The current snapshot. Like Catalog::sections(), each thread keeps its own reference and
    /// re-reads the shared one only when the generation changed.
    [[nodiscard]] std::shared_ptr<const GlossarySnapshot> snapshot() const;
    /// The current snapshot's generation, without taking a reference to it.
    [[nodiscard]] std::uint64_t generation() const {
        return current_generation_.load(std::memory_order_acquire);
    }
    void publish(std::vector<GlossaryEntry> entries);

  private:
    std::atomic<std::shared_ptr<const GlossarySnapshot>> current_;
    std::atomic<std::uint64_t> current_generation_{0};
};

}  // namespace masthead::dictionary
