#include "dictionary/dictd_index.h"

#include <algorithm>
#include <array>
#include <limits>
#include <tuple>

#include "util/file_bytes.h"
#include "util/text.h"

namespace masthead::dictionary {
namespace {

constexpr std::size_t kMaxHeadwordBytes = 1024;
// Suggestions look at no more than this many index entries around the word.
constexpr std::size_t kMaxSuggestionScan = 1024;
constexpr std::size_t kMaxSuggestionWord = 64;

constexpr std::array<int, 256> kBase64 = [] {
    std::array<int, 256> digits{};
    digits.fill(-1);
    constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
        digits[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
    }
    return digits;
}();

char foldChar(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string fold(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = foldChar(c);
    }
    return out;
}

/// The first 8 bytes of `key`, big-endian, zero-padded: ordered like the keys themselves
/// as far as those bytes go.
std::uint64_t prefixOf(std::string_view key) {
    std::uint64_t prefix = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        prefix = (prefix << 8U) | (i < key.size() ? static_cast<unsigned char>(key[i]) : 0U);
    }
    return prefix;
}

/// A dictd number: base64 digits, most significant first. Returns what is wrong, or null.
const char* decodeBase64(std::string_view digits, std::uint64_t& value) {
    if (digits.empty()) {
        return "is not a base64 number";
    }
    value = 0;
    for (char c : digits) {
        const int digit = kBase64[static_cast<unsigned char>(c)];
        if (digit < 0) {
            return "is not a base64 number";
        }
        if (value > (std::numeric_limits<std::uint64_t>::max() >> 6)) {
            return "is out of range";
        }
        value = (value << 6) | static_cast<std::uint64_t>(digit);
    }
    return nullptr;
}

/// What `sort -df` compares a byte as, in the C locale: letters (folded to upper case),
/// digits and blanks count; 0 for the bytes it ignores.
constexpr std::array<unsigned char, 256> kDictionaryRank = [] {
    std::array<unsigned char, 256> rank{};
    for (int c = 0; c < 256; ++c) {
        const bool counts = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == ' ' || c == '\t';
        rank[static_cast<std::size_t>(c)] =
            counts ? static_cast<unsigned char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c) : 0;
    }
    return rank;
}();

/// `a` < `b` in `sort -df` order.
bool dictionaryOrderLess(std::string_view a, std::string_view b) {
    const auto* x = reinterpret_cast<const unsigned char*>(a.data());
    const auto* y = reinterpret_cast<const unsigned char*>(b.data());
    const auto* const x_end = x + a.size();
    const auto* const y_end = y + b.size();
    while (true) {
        while (x != x_end && kDictionaryRank[*x] == 0) {
            ++x;
        }
        while (y != y_end && kDictionaryRank[*y] == 0) {
            ++y;
        }
        if (x == x_end || y == y_end) {
            return x == x_end && y != y_end;
        }
        if (kDictionaryRank[*x] != kDictionaryRank[*y]) {
            return kDictionaryRank[*x] < kDictionaryRank[*y];
        }
        ++x;
        ++y;
    }
}

/// dictd's metadata entries: "00-database-short", "00databaseshort", and the "00-NAME-..."
/// copies some databases add (gcide: "00-gcide-short", "00-web1913-info").
bool isMetadata(std::string_view headword) {
    if (headword.size() < 4 || headword[0] != '0' || headword[1] != '0') {
        return false;
    }
    if (headword.starts_with("00database")) {
        return true;
    }
    return headword.size() > 4 && headword.starts_with("00-") && headword[3] >= 'a' &&
           headword[3] <= 'z' && headword.find('-', 3) != std::string_view::npos;
}

/// Levenshtein distance, or bound + 1 once it is certain to exceed `bound`.
unsigned boundedDistance(std::string_view a, std::string_view b, unsigned bound) {
    // Uninitialised on purpose: only the first b.size() + 1 cells are used, and set below.
    std::array<unsigned, kMaxSuggestionWord * 2 + 2> previous;
    std::array<unsigned, kMaxSuggestionWord * 2 + 2> current;
    if (b.size() + 1 > previous.size()) {
        return bound + 1;
    }
    for (std::size_t j = 0; j <= b.size(); ++j) {
        previous[j] = static_cast<unsigned>(j);
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = static_cast<unsigned>(i);
        unsigned row_min = current[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const unsigned substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0U : 1U);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
            row_min = std::min(row_min, current[j]);
        }
        if (row_min > bound) {
            return bound + 1;
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

}  // namespace

Result<DictdIndex> DictdIndex::load(const std::filesystem::path& file) {
    auto mapped = mapFile(file);
    if (!mapped) {
        return fail(Error::unavailable("cannot read dictionary index " + file.string() + ": " +
                                       mapped.error().message));
    }
    const std::string_view text = mapped->text;
    return parseOwned(file.string(), std::move(mapped->owner), text);
}

Result<DictdIndex> DictdIndex::parse(std::string_view file_name, std::string_view bytes) {
    auto copy = std::make_shared<const std::string>(bytes);
    const std::string_view text = *copy;
    return parseOwned(file_name, std::move(copy), text);
}

Result<DictdIndex> DictdIndex::parseOwned(std::string_view file_name,
                                          std::shared_ptr<const void> owner,
                                          std::string_view bytes) {
    auto malformed = [&](std::size_t line, std::string_view why) {
        return fail(Error::unavailable(std::string(file_name) + ":" + std::to_string(line) +
                                       ": malformed index line: " + std::string(why)));
    };
    // Offsets into the file and the arena are 32-bit.
    if (bytes.size() > std::numeric_limits<std::uint32_t>::max()) {
        return fail(Error::unavailable(std::string(file_name) + ": index too large"));
    }
    DictdIndex index;
    index.owner_ = std::move(owner);
    index.text_ = bytes;
    // A generous reservation instead of growing and shrinking: pages never written are never
    // resident, and copies are what loading spends its time on.
    index.arena_.reserve(bytes.size());
    index.records_.reserve(countLines(bytes));
    bool byte_order = true;
    bool dictionary_order = true;
    std::string_view previous;
    std::size_t line_number = 0;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        ++line_number;
        const std::size_t eol = bytes.find('\n', pos);
        std::string_view line = bytes.substr(pos, eol == std::string_view::npos ? eol : eol - pos);
        pos = eol == std::string_view::npos ? bytes.size() : eol + 1;
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        const std::size_t tab1 = line.find('\t');
        if (tab1 == std::string_view::npos) {
            return malformed(line_number,
                             line.empty() ? "empty line" : "no tab after the headword");
        }
        const std::size_t tab2 = line.find('\t', tab1 + 1);
        if (tab2 == std::string_view::npos) {
            return malformed(line_number, "no tab between offset and length");
        }
        // dictfmt may add a fourth column (the headword before normalisation); ignore it.
        const std::size_t tab3 = line.find('\t', tab2 + 1);
        const std::string_view headword = line.substr(0, tab1);
        if (headword.empty()) {
            return malformed(line_number, "empty headword");
        }
        if (headword.size() > kMaxHeadwordBytes) {
            return malformed(line_number, "headword longer than " +
                                              std::to_string(kMaxHeadwordBytes) + " bytes");
        }
        std::uint64_t offset = 0;
        if (const char* wrong = decodeBase64(line.substr(tab1 + 1, tab2 - tab1 - 1), offset)) {
            return malformed(line_number, std::string("the offset ") + wrong);
        }
        std::uint64_t length = 0;
        const std::size_t length_end = tab3 == std::string_view::npos ? line.size() : tab3;
        if (const char* wrong =
                decodeBase64(line.substr(tab2 + 1, length_end - tab2 - 1), length)) {
            return malformed(line_number, std::string("the length ") + wrong);
        }
        if (length > std::numeric_limits<std::uint32_t>::max()) {
            return malformed(line_number, "the length is out of range");
        }
        if (offset > std::numeric_limits<std::uint64_t>::max() - length) {
            return malformed(line_number, "the offset is out of range");
        }
        if (!previous.empty()) {
            byte_order = byte_order && previous <= headword;
            dictionary_order = dictionary_order && !dictionaryOrderLess(headword, previous);
        }
        previous = headword;
        if (text::firstInvalidUtf8(headword)) {
            ++index.skipped_lines_;
            continue;
        }
        const auto headword_at = static_cast<std::uint32_t>(headword.data() - bytes.data());
        if (offset + length > index.data_end_) {
            index.data_end_ = offset + length;
            index.data_end_line_ = line_number;
        }
        if (isMetadata(headword)) {
            index.metadata_.push_back(
                {std::string(headword), offset, static_cast<std::uint32_t>(length)});
            continue;
        }
        Record record;
        record.headword = headword_at;
        record.key = headword_at;
        record.offset = offset;
        record.length = static_cast<std::uint32_t>(length);
        record.size = static_cast<std::uint16_t>(headword.size());
        bool capitals = false;
        for (char c : headword) {
            capitals = capitals || (c >= 'A' && c <= 'Z');
        }
        if (capitals) {
            record.key = static_cast<std::uint32_t>(index.arena_.size());
            record.key_in_arena = true;
            index.arena_.append(headword);
            char* folded = index.arena_.data() + record.key;
            for (std::size_t i = 0; i < headword.size(); ++i) {
                folded[i] = foldChar(folded[i]);
            }
        }
        record.prefix = prefixOf(index.keyOf(record));
        index.records_.push_back(record);
    }
    index.file_order_ = byte_order         ? IndexOrder::kByteOrder
                        : dictionary_order ? IndexOrder::kDictionaryOrder
                                           : IndexOrder::kUnsorted;
    // Our own order (folded bytes, then file order) is what lookups rely on, whatever the
    // file's; wn.index already has it and skips the sort.
    index.sortRecords();
    for (std::size_t i = 0; i < index.records_.size(); ++i) {
        if (i == 0 || index.keyOf(index.records_[i]) != index.keyOf(index.records_[i - 1])) {
            ++index.headword_count_;
        }
    }
    return index;
}

void DictdIndex::sortRecords() {
    // A strict total order: equal keys keep file order (a headword's offset grows with its
    // line).
    auto less = [this](const Record& a, const Record& b) {
        if (a.prefix != b.prefix) {
            return a.prefix < b.prefix;
        }
        const std::string_view x = keyOf(a);
        const std::string_view y = keyOf(b);
        return x != y ? x < y : a.headword < b.headword;
    };
    // Index files come sorted, if not quite in our order (gcide.index ignores punctuation):
    // keep the records that extend an ascending run where they are, sort the few others
    // (5% for gcide.index, none for wn.index) and merge them in from the back.
    std::size_t kept = 0;
    std::vector<Record> stragglers;
    for (const Record r : records_) {  // a copy: records_[kept] may be this record
        if (kept == 0 || !less(r, records_[kept - 1])) {
            records_[kept++] = r;
        } else {
            stragglers.push_back(r);
        }
    }
    if (stragglers.empty()) {
        return;
    }
    std::ranges::sort(stragglers, less);
    std::size_t out = records_.size();
    std::size_t from_kept = kept;
    std::size_t from_stragglers = stragglers.size();
    while (from_stragglers > 0) {
        if (from_kept > 0 && less(stragglers[from_stragglers - 1], records_[from_kept - 1])) {
            records_[--out] = records_[--from_kept];
        } else {
            records_[--out] = stragglers[--from_stragglers];
        }
    }
}

std::vector<DictdIndex::Record>::const_iterator DictdIndex::lowerBound(
    std::string_view folded) const {
    const std::uint64_t prefix = prefixOf(folded);
    return std::ranges::partition_point(records_, [&](const Record& r) {
        return r.prefix != prefix ? r.prefix < prefix : keyOf(r) < folded;
    });
}

std::pair<std::size_t, std::size_t> DictdIndex::prefixRange(std::string_view folded_prefix) const {
    const auto begin = lowerBound(folded_prefix);
    const auto end = std::partition_point(begin, records_.end(), [&](const Record& r) {
        return keyOf(r).starts_with(folded_prefix);
    });
    return {static_cast<std::size_t>(begin - records_.begin()),
            static_cast<std::size_t>(end - records_.begin())};
}

std::vector<IndexEntry> DictdIndex::find(std::string_view word) const {
    const std::string key = fold(word);
    std::vector<IndexEntry> found;
    auto it = lowerBound(key);
    for (; it != records_.end() && keyOf(*it) == key; ++it) {
        found.push_back(entryOf(*it));
    }
    return found;
}

bool DictdIndex::contains(std::string_view word) const {
    const std::string key = fold(word);
    const auto it = lowerBound(key);
    return it != records_.end() && keyOf(*it) == key;
}

bool DictdIndex::hasPrefix(std::string_view prefix) const {
    const std::string key = fold(prefix);
    const auto it = lowerBound(key);
    return it != records_.end() && keyOf(*it).starts_with(key);
}

std::vector<std::string_view> DictdIndex::withPrefix(std::string_view prefix,
                                                     std::size_t limit) const {
    std::vector<std::string_view> out;
    const auto [begin, end] = prefixRange(fold(prefix));
    for (std::size_t i = begin; i < end && out.size() < limit; ++i) {
        if (i == begin || keyOf(records_[i]) != keyOf(records_[i - 1])) {
            out.push_back(entryOf(records_[i]).headword);
        }
    }
    return out;
}

std::vector<Suggestion> DictdIndex::suggest(std::string_view word, std::size_t limit) const {
    const std::string key = fold(word.substr(0, kMaxSuggestionWord));
    if (key.empty() || records_.empty() || limit == 0) {
        return {};
    }
    const auto bound = static_cast<unsigned>(std::max<std::size_t>(2, (key.size() + 1) / 2));
    // The longest prefix of the word that still offers a handful of candidates per
    // suggestion wanted; a typo is likelier late in a word than early.
    const std::size_t wanted = std::max<std::size_t>(32, limit * 8);
    std::size_t prefix = key.size();
    auto [begin, end] = prefixRange(key);
    while (prefix > 1 && end - begin < wanted) {
        --prefix;
        std::tie(begin, end) = prefixRange(std::string_view(key).substr(0, prefix));
    }
    if (begin == end) {
        begin = 0;
        end = records_.size();
    }
    if (end - begin > kMaxSuggestionScan) {
        // Keep the entries around where the word would sort.
        const auto at = static_cast<std::size_t>(lowerBound(key) - records_.begin());
        begin = std::max(begin, at > kMaxSuggestionScan / 2 ? at - kMaxSuggestionScan / 2 : 0);
        end = std::min(end, begin + kMaxSuggestionScan);
    }
    struct Candidate {
        unsigned distance;
        std::size_t length_difference;
        std::string_view key;
        std::size_t record;
    };
    std::vector<Candidate> candidates;
    for (std::size_t i = begin; i < end; ++i) {
        const std::string_view k = keyOf(records_[i]);
        if (i > begin && k == keyOf(records_[i - 1])) {
            continue;
        }
        const std::size_t difference =
            k.size() > key.size() ? k.size() - key.size() : key.size() - k.size();
        if (difference > bound) {
            continue;
        }
        const unsigned distance = boundedDistance(key, k, bound);
        if (distance <= bound) {
            candidates.push_back({distance, difference, k, i});
        }
    }
    std::ranges::sort(candidates, [](const Candidate& a, const Candidate& b) {
        return std::tie(a.distance, a.length_difference, a.key) <
               std::tie(b.distance, b.length_difference, b.key);
    });
    std::vector<Suggestion> out;
    for (const Candidate& c : candidates) {
        if (out.size() == limit) {
            break;
        }
        out.push_back({entryOf(records_[c.record]).headword, c.distance});
    }
    return out;
}

std::optional<IndexEntry> DictdIndex::metadata(std::string_view name) const {
    for (const std::string& full :
         {"00-database-" + std::string(name), "00database" + std::string(name)}) {
        for (const Metadata& m : metadata_) {
            if (m.name == full) {
                return IndexEntry{m.name, m.offset, m.length};
            }
        }
    }
    return std::nullopt;
}

std::size_t DictdIndex::memoryBytes() const {
    std::size_t bytes = text_.size() + arena_.size() + records_.capacity() * sizeof(Record);
    for (const Metadata& m : metadata_) {
        bytes += sizeof(Metadata) + m.name.capacity();
    }
    return bytes;
}

}  // namespace masthead::dictionary
