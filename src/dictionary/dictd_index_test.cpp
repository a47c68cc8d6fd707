#include "dictionary/dictd_index.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "dictionary/test_support.h"

namespace masthead::dictionary {
namespace {

using testing::TempDir;

std::vector<std::string> headwords(const std::vector<IndexEntry>& entries) {
    std::vector<std::string> out;
    out.reserve(entries.size());
    for (const IndexEntry& e : entries) {
        out.emplace_back(e.headword);
    }
    return out;
}

std::vector<std::string> suggested(const DictdIndex& index, std::string_view word,
                                   std::size_t limit) {
    std::vector<std::string> out;
    for (const Suggestion& s : index.suggest(word, limit)) {
        out.emplace_back(s.headword);
    }
    return out;
}

TEST(DictdIndexTest, DecodesBase64OffsetsAndLengths) {
    // Real lines of wn.index; the values are those TOOLING.md §7 checked against dictd.
    auto index = DictdIndex::parse("wn.index", "defector\tbgr7\tBy\nrefuge\tBWv6r\tH8\n");
    ASSERT_TRUE(index) << index.error().message;
    const auto defector = index->find("defector");
    ASSERT_EQ(defector.size(), 1U);
    EXPECT_EQ(defector[0].offset, 7211771U);
    EXPECT_EQ(defector[0].length, 114U);
    const auto refuge = index->find("refuge");
    ASSERT_EQ(refuge.size(), 1U);
    EXPECT_EQ(refuge[0].offset, (((1U * 64 + 22) * 64 + 47) * 64 + 58) * 64 + 43);  // B W v 6 r
    EXPECT_EQ(refuge[0].length, 7U * 64 + 60);
    EXPECT_EQ(index->size(), 2U);
    EXPECT_EQ(index->dataEnd(), refuge[0].offset + refuge[0].length);
    EXPECT_EQ(index->dataEndLine(), 2U);
}

TEST(DictdIndexTest, FindsEveryEntryOfAHeadwordIgnoringCase) {
    // gcide.index keeps case and repeats headwords (Refuge n. and v.).
    auto index = DictdIndex::parse("gcide.index",
                                   "Refuge\tA\tB\nRefuge\tC\tD\nrefugee\tE\tF\nREFUGE\tG\tH\n");
    ASSERT_TRUE(index) << index.error().message;
    EXPECT_EQ(headwords(index->find("refuge")),
              (std::vector<std::string>{"Refuge", "Refuge", "REFUGE"}));
    EXPECT_EQ(index->find("REFUGE")[1].offset, 2U);  // file order kept among equals
    EXPECT_TRUE(index->contains("rEfUgEe"));
    EXPECT_FALSE(index->contains("refuges"));
    EXPECT_FALSE(index->contains("refug"));
    EXPECT_TRUE(index->find("").empty());
    EXPECT_EQ(index->size(), 4U);
    EXPECT_EQ(index->headwordCount(), 2U);
}

TEST(DictdIndexTest, KeepsMetadataOutOfLookups) {
    auto index = DictdIndex::parse(
        "wn.index",
        "00-database-info\tA\tB\n00-database-short\tBed\tu\n00-gcide-short\tC\tD\nzebra\tE\tF\n");
    ASSERT_TRUE(index) << index.error().message;
    EXPECT_EQ(index->size(), 1U);
    EXPECT_FALSE(index->contains("00-database-short"));
    EXPECT_TRUE(index->withPrefix("00", 10).empty());
    const auto short_name = index->metadata("short");
    ASSERT_TRUE(short_name);
    EXPECT_EQ(short_name->offset, 1U * 64 * 64 + 30 * 64 + 29);
    EXPECT_FALSE(index->metadata("url"));
    auto old_style = DictdIndex::parse("old.index", "00databaseshort\tA\tB\n");
    ASSERT_TRUE(old_style);
    EXPECT_TRUE(old_style->metadata("short"));
}

TEST(DictdIndexTest, DetectsTheFileOrderButDoesNotDependOnIt) {
    // wn.index: plain byte order.
    auto bytes =
        DictdIndex::parse("wn.index", "'hood\tA\tB\n.22\tA\tB\nhot\tA\tB\nhot potato\tA\tB\n");
    ASSERT_TRUE(bytes);
    EXPECT_EQ(bytes->fileOrder(), IndexOrder::kByteOrder);
    // gcide.index: case folded, punctuation ignored (`sort -df`).
    auto dictionary = DictdIndex::parse(
        "gcide.index", "Abb'e\tA\tB\nabbey\tA\tB\nAbbot\tA\tB\nHot\tA\tB\nhotbed\tA\tB\n");
    ASSERT_TRUE(dictionary);
    EXPECT_EQ(dictionary->fileOrder(), IndexOrder::kDictionaryOrder);
    EXPECT_TRUE(dictionary->contains("abb'e"));
    EXPECT_TRUE(dictionary->contains("abbey"));
    // Any order at all: lookups still find everything.
    auto shuffled =
        DictdIndex::parse("any.index", "zebra\tA\tB\napple\tB\tB\nMango\tC\tB\napple\tD\tB\n");
    ASSERT_TRUE(shuffled);
    EXPECT_EQ(shuffled->fileOrder(), IndexOrder::kUnsorted);
    for (std::string_view word : {"zebra", "apple", "mango"}) {
        EXPECT_TRUE(shuffled->contains(word)) << word;
    }
    const auto apples = shuffled->find("apple");
    ASSERT_EQ(apples.size(), 2U);
    EXPECT_EQ(apples[0].offset, 1U);
    EXPECT_EQ(apples[1].offset, 3U);
}

TEST(DictdIndexTest, HandlesMultiWordHeadwordsAndPrefixes) {
    auto index = DictdIndex::parse(
        "wn.index", "hot\tA\tB\nhot air\tA\tB\nhot potato\tA\tB\nhot-blooded\tA\tB\nhotel\tA\tB\n");
    ASSERT_TRUE(index);
    EXPECT_TRUE(index->contains("hot potato"));
    EXPECT_TRUE(index->contains("Hot Potato"));
    EXPECT_FALSE(index->contains("hot  potato"));
    EXPECT_TRUE(index->hasPrefix("hot p"));
    EXPECT_FALSE(index->hasPrefix("hot q"));
    EXPECT_EQ(index->withPrefix("HOT ", 10),
              (std::vector<std::string_view>{"hot air", "hot potato"}));
    EXPECT_EQ(index->withPrefix("hot", 3).size(), 3U);
}

TEST(DictdIndexTest, SuggestsTheClosestHeadwords) {
    auto index =
        DictdIndex::parse("gcide.index",
                          "Defecate\tA\tB\nDefect\tA\tB\nDefection\tA\tB\nDefector\tA\tB\n"
                          "Defector\tC\tB\nDeflector\tA\tB\nDetector\tA\tB\nZebra\tA\tB\n");
    ASSERT_TRUE(index);
    const auto suggestions = index->suggest("defecter", 3);
    ASSERT_EQ(suggestions.size(), 3U);
    EXPECT_EQ(suggestions[0].headword, "Defector");
    EXPECT_EQ(suggestions[0].distance, 1U);
    EXPECT_EQ(suggested(*index, "DEFECTER", 10),
              (std::vector<std::string>{"Defector", "Defecate", "Detector", "Deflector", "Defect",
                                        "Defection"}));
    EXPECT_TRUE(index->suggest("qwzxv", 5).empty());  // nothing within reach
    EXPECT_TRUE(index->suggest("", 5).empty());
    EXPECT_TRUE(index->suggest("defecter", 0).empty());
}

TEST(DictdIndexTest, SkipsHeadwordsThatAreNotUtf8) {
    auto index = DictdIndex::parse("bad.index", "caf\xE9\tA\tB\ncaf\xC3\xA9\tA\tB\nzebra\tA\tB\n");
    ASSERT_TRUE(index) << index.error().message;
    EXPECT_EQ(index->skippedLines(), 1U);
    EXPECT_EQ(index->size(), 2U);
    EXPECT_TRUE(index->contains("caf\xC3\xA9"));
}

TEST(DictdIndexTest, AcceptsCrlfAndAFourthColumn) {
    auto index = DictdIndex::parse("dos.index", "refuge\tA\tB\r\nasylum\tC\tD\tAsylum\n");
    ASSERT_TRUE(index) << index.error().message;
    EXPECT_EQ(index->find("refuge").at(0).length, 1U);
    EXPECT_EQ(index->find("asylum").at(0).length, 3U);
}

TEST(DictdIndexTest, RefusesAMalformedLineNamingFileAndLine) {
    struct Case {
        std::string bytes;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"a\tA\tB\nno tabs here\n",
         "broken.index:2: malformed index line: no tab after the headword"},
        {"a\tA\tB\nb\tA\n",
         "broken.index:2: malformed index line: no tab between offset and length"},
        {"a\tA\tB\nb\tA!\tB\n",
         "broken.index:2: malformed index line: the offset is not a base64 number"},
        {"a\tA\tB\n\n", "broken.index:2: malformed index line: empty line"},
        {"a\tA\tB\nb\t\tB\n",
         "broken.index:2: malformed index line: the offset is not a base64 number"},
        {"a\tA\t\n", "broken.index:1: malformed index line: the length is not a base64 number"},
        {"a\tA\tB C\n", "broken.index:1: malformed index line: the length is not a base64 number"},
        {"\tA\tB\n", "broken.index:1: malformed index line: empty headword"},
        {"a\tA\tB\nb\tA\tB\nc\t//////////////\tB\n",
         "broken.index:3: malformed index line: the offset is out of range"},
        {"a\tA\tBAAAAAA\n", "broken.index:1: malformed index line: the length is out of range"},
        {"a\tP//////////\tB\n", "broken.index:1: malformed index line: the offset is out of range"},
        {std::string(1025, 'a') + "\tA\tB\n",
         "broken.index:1: malformed index line: headword longer than 1024 bytes"},
    };
    for (const Case& c : cases) {
        auto index = DictdIndex::parse("broken.index", c.bytes);
        ASSERT_FALSE(index) << c.bytes;
        EXPECT_EQ(index.error().code, ErrorCode::kUnavailable);
        EXPECT_EQ(index.error().message, c.message);
    }
}

TEST(DictdIndexTest, LoadsAFileAndNamesAMissingOne) {
    TempDir dir;
    const auto file = dir.write("small.index", "b\tA\tB\na\tC\tD");  // no final newline
    auto index = DictdIndex::load(file);
    ASSERT_TRUE(index) << index.error().message;
    EXPECT_EQ(index->size(), 2U);
    EXPECT_EQ(index->find("a").at(0).length, 3U);

    auto missing = DictdIndex::load(dir.path() / "missing.index");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(missing.error().message.find("missing.index"), std::string::npos);

    auto empty = DictdIndex::load(dir.write("empty.index", ""));
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->size(), 0U);
    EXPECT_FALSE(empty->contains("a"));
    EXPECT_TRUE(empty->suggest("a", 5).empty());
}

}  // namespace
}  // namespace masthead::dictionary
