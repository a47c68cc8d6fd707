#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace masthead::dictionary {

/// How the lines of a dictd .index file were ordered. dictd binary-searches the file and so
/// depends on it; DictdIndex sorts its own copy and only reports what it saw.
enum class IndexOrder {
    kByteOrder,        ///< plain byte order (`sort`), like wn.index
    kDictionaryOrder,  ///< case-folded, letters/digits/spaces only (`sort -df`), like gcide.index
    kUnsorted,
};

/// One entry of an index: where a headword's article lies in the uncompressed .dict.
struct IndexEntry {
    std::string_view headword;  ///< as spelled in the file; valid while the index lives
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
};

/// A headword close to a word that was not found.
struct Suggestion {
    std::string_view headword;
    unsigned distance = 0;  ///< Levenshtein distance in bytes from the (folded) word
};

/// A dictd `.index` file held in memory: `headword TAB offset TAB length` per line, numbers in
/// base64 digits (A-Z a-z 0-9 + /, most significant first). Lookups fold ASCII case, so
/// "Refuge", "refuge" and "REFUGE" are the same key. Entries named `00-database-*` (and the
/// `00-NAME-*` variants some databases add) are metadata: never returned by lookups, only by
/// metadata(). Immutable after parsing, so all const members are safe from any thread.
class DictdIndex {
  public:
    /// Reads FILE and parses it. kUnavailable naming the file when it cannot be read, or
    /// naming FILE:LINE when a line is malformed (no tabs, bad base64 digits, an empty or
    /// over-long headword, a number out of range). Lines whose headword is not UTF-8 are
    /// skipped and counted (skippedLines()).
    [[nodiscard]] static Result<DictdIndex> load(const std::filesystem::path& file);
    /// The same from bytes already in memory; `file_name` is only used in messages.
    [[nodiscard]] static Result<DictdIndex> parse(std::string_view file_name,
                                                  std::string_view bytes);

    /// All entries whose headword equals `word` ignoring ASCII case, in file order.
    [[nodiscard]] std::vector<IndexEntry> find(std::string_view word) const;
    [[nodiscard]] bool contains(std::string_view word) const;
    /// True when some headword starts with `prefix` (ignoring ASCII case).
    [[nodiscard]] bool hasPrefix(std::string_view prefix) const;
    /// Up to `limit` distinct headwords starting with `prefix` (ignoring ASCII case), in order.
    [[nodiscard]] std::vector<std::string_view> withPrefix(std::string_view prefix,
                                                           std::size_t limit) const;
    /// Up to `limit` distinct headwords closest to `word` by edit distance, among headwords
    /// sharing a prefix with it (the longest prefix that still offers enough candidates),
    /// closest first. Headwords further than about half the word's length are left out.
    [[nodiscard]] std::vector<Suggestion> suggest(std::string_view word, std::size_t limit) const;

    /// A metadata entry by its name without the prefix: metadata("short") finds
    /// "00-database-short" (or the older "00databaseshort").
    [[nodiscard]] std::optional<IndexEntry> metadata(std::string_view name) const;

    /// Entries (without metadata).
    [[nodiscard]] std::size_t size() const { return records_.size(); }
    /// Distinct headwords, ignoring case.
    [[nodiscard]] std::size_t headwordCount() const { return headword_count_; }
    /// Lines skipped because their headword was not valid UTF-8.
    [[nodiscard]] std::size_t skippedLines() const { return skipped_lines_; }
    [[nodiscard]] IndexOrder fileOrder() const { return file_order_; }
    /// The end of the furthest entry (offset + length) and the line that holds it, for
    /// checking the index against its data file.
    [[nodiscard]] std::uint64_t dataEnd() const { return data_end_; }
    [[nodiscard]] std::size_t dataEndLine() const { return data_end_line_; }
    /// Bytes held: entries and folded keys on the heap, plus the mapped file.
    [[nodiscard]] std::size_t memoryBytes() const;

  private:
    // 32 bytes per entry. Headwords stay in the file's bytes (mapped, not copied); the arena
    // holds a lower-cased copy only of headwords with capitals (none in wn.index, most of
    // gcide.index). `prefix` holds the folded key's first 8 bytes, big-endian, so that sorting
    // and searching mostly compare integers instead of chasing pointers.
    struct Record {
        std::uint64_t prefix = 0;
        std::uint64_t offset = 0;
        std::uint32_t key = 0;       // offset of the folded headword in text_ or arena_
        std::uint32_t headword = 0;  // offset of the headword as spelled, in text_
        std::uint32_t length = 0;
        std::uint16_t size = 0;  // bytes of the headword (folding keeps the length)
        bool key_in_arena = false;
    };
    struct Metadata {
        std::string name;
        std::uint64_t offset = 0;
        std::uint32_t length = 0;
    };

    /// Parses `text_`, which `owner_` keeps alive.
    [[nodiscard]] static Result<DictdIndex> parseOwned(std::string_view file_name,
                                                       std::shared_ptr<const void> owner,
                                                       std::string_view text);
    [[nodiscard]] std::string_view keyOf(const Record& r) const {
        return {(r.key_in_arena ? arena_.data() : text_.data()) + r.key, r.size};
    }
    [[nodiscard]] IndexEntry entryOf(const Record& r) const {
        return {{text_.data() + r.headword, r.size}, r.offset, r.length};
    }
    /// Puts records_ in key order, keeping file order among equal keys.
    void sortRecords();
    /// The first record whose key is not less than `folded`.
    [[nodiscard]] std::vector<Record>::const_iterator lowerBound(std::string_view folded) const;
    /// Records whose key starts with `folded_prefix`.
    [[nodiscard]] std::pair<std::size_t, std::size_t> prefixRange(
        std::string_view folded_prefix) const;

    std::shared_ptr<const void> owner_;  // the file's bytes: a mapping or a string
    std::string_view text_;
    std::string arena_;
    std::vector<Record> records_;  // sorted by key, then file order
    std::vector<Metadata> metadata_;
    std::size_t headword_count_ = 0;
    std::size_t skipped_lines_ = 0;
    IndexOrder file_order_ = IndexOrder::kUnsorted;
    std::uint64_t data_end_ = 0;
    std::size_t data_end_line_ = 0;
};

}  // namespace masthead::dictionary
