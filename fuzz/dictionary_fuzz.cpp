// libFuzzer target: the dictd index parser, the query normalizer and the entry parsers must
// never crash; an index they accept must find every headword it holds, and a normalized query
// must be short, valid UTF-8 and folded.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dictionary/dictd_index.h"
#include "dictionary/gcide_entry.h"
#include "dictionary/query.h"
#include "dictionary/wordnet_entry.h"
#include "util/check.h"
#include "util/text.h"

namespace {

using namespace masthead::dictionary;

void fuzzIndex(std::string_view bytes) {
    auto index = DictdIndex::parse("fuzz.index", bytes);
    if (!index) {
        MASTHEAD_CHECK(index.error().message.starts_with("fuzz.index:"), "errors name the file");
        return;
    }
    for (std::string_view word : index->withPrefix("", 64)) {
        MASTHEAD_CHECK(!masthead::text::firstInvalidUtf8(word), "headwords are UTF-8");
        MASTHEAD_CHECK(index->contains(word), "every headword is found");
        MASTHEAD_CHECK(!index->find(word).empty(), "every headword has entries");
        for (const IndexEntry& e : index->find(word)) {
            MASTHEAD_CHECK(e.offset + e.length <= index->dataEnd(), "dataEnd covers every entry");
        }
    }
    MASTHEAD_CHECK(index->suggest(bytes.substr(0, 16), 5).size() <= 5, "at most 5 suggestions");
    (void)index->metadata("short");
}

void fuzzQuery(std::string_view bytes) {
    auto query = normalizeQuery(bytes);
    if (query) {
        MASTHEAD_CHECK(!query->empty(), "a query is never empty");
        MASTHEAD_CHECK(query->size() <= kMaxQueryBytes, "a query is short");
        MASTHEAD_CHECK(!masthead::text::firstInvalidUtf8(*query), "a query is UTF-8");
        MASTHEAD_CHECK(query->find("  ") == std::string::npos, "spaces are collapsed");
        for (char c : *query) {
            MASTHEAD_CHECK(c < 'A' || c > 'Z', "ASCII letters are folded");
        }
        MASTHEAD_CHECK(normalizeQuery(*query).value_or("") == *query, "normalizing is idempotent");
    }
    for (const auto& clause : contextClauses(bytes)) {
        MASTHEAD_CHECK(!clause.empty(), "no empty clauses");
        for (const std::string& word : clause) {
            MASTHEAD_CHECK(!word.empty(), "no empty words");
            MASTHEAD_CHECK(word.find(' ') == std::string::npos, "words hold no spaces");
        }
    }
}

void fuzzEntries(std::string_view bytes) {
    for (const Entry& e : parseWordNetEntry(bytes)) {
        MASTHEAD_CHECK(!e.senses.empty(), "a WordNet entry has senses");
    }
    const Entry gcide = parseGcideEntry(bytes);
    if (gcide.pronunciation) {
        MASTHEAD_CHECK(gcide.pronunciation->find('?') == std::string::npos,
                       "no pronunciation with lost characters");
    }
    (void)convertGcideAccents(bytes);
}

}  // namespace

// The first byte picks what the rest is fed to, so one corpus covers all three.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 3) {
        case 0:
            fuzzIndex(bytes);
            break;
        case 1:
            fuzzQuery(bytes);
            break;
        default:
            fuzzEntries(bytes);
            break;
    }
    return 0;
}
