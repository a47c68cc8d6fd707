#include "dictionary/dictzip_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <thread>

#include "dictionary/test_support.h"

namespace masthead::dictionary {
namespace {

using testing::TempDir;

/// A dictd database of `count` made-up articles, about 100 bytes each: enough for a few
/// dictzip chunks (58315 bytes each).
struct SmallDatabase {
    std::string text;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> articles;  // offset, length
};

SmallDatabase makeDatabase(int count) {
    SmallDatabase db;
    for (int i = 0; i < count; ++i) {
        const std::size_t offset = db.text.size();
        db.text += "word" + std::to_string(i) + "\n   n 1: the meaning of word number " +
                   std::to_string(i) + ", which is " +
                   std::string(static_cast<std::size_t>(i % 37), 'x') + "\n";
        db.articles.emplace_back(offset, db.text.size() - offset);
    }
    return db;
}

class DictzipReaderTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!testing::dictzipInstalled()) {
            GTEST_SKIP() << "Debian's dictzip is not installed (scripts/setup.sh installs it)";
        }
        db_ = makeDatabase(2500);
        plain_ = dir_.write("small.dict", db_.text);
        ASSERT_TRUE(testing::dictzip(plain_));
        compressed_ = dir_.path() / "small.dict.dz";
    }
    [[nodiscard]] std::string fileBytes(const std::filesystem::path& file) const {
        auto bytes = readWholeFile(file);
        EXPECT_TRUE(bytes);
        return bytes.value_or("");
    }

    TempDir dir_;
    SmallDatabase db_;
    std::filesystem::path plain_;
    std::filesystem::path compressed_;
};

TEST_F(DictzipReaderTest, ReadsEveryArticleAsThePlainFileHasIt) {
    auto reader = DictzipReader::open(compressed_);
    ASSERT_TRUE(reader) << reader.error().message;
    EXPECT_TRUE(reader->compressed());
    EXPECT_EQ(reader->size(), db_.text.size());
    EXPECT_EQ(reader->chunkLength(), 58315U);
    ASSERT_GE(reader->chunkCount(), 3U);
    for (const auto& [offset, length] : db_.articles) {
        auto text = reader->read(offset, length);
        ASSERT_TRUE(text) << text.error().message;
        ASSERT_EQ(*text, db_.text.substr(offset, length)) << "at " << offset;
    }
    EXPECT_EQ(reader->read(0, 0).value(), "");
    EXPECT_EQ(reader->read(db_.text.size(), 0).value(), "");
    EXPECT_EQ(reader->read(0, db_.text.size()).value(), db_.text);  // every chunk, in one read
}

TEST_F(DictzipReaderTest, ReadsAnArticleThatSpansTwoChunks) {
    auto reader = DictzipReader::open(compressed_, {.cache_chunks = 0});
    ASSERT_TRUE(reader) << reader.error().message;
    const std::uint64_t boundary = reader->chunkLength();
    bool spanned = false;
    for (const auto& [offset, length] : db_.articles) {
        if (offset < boundary && offset + length > boundary) {
            auto text = reader->read(offset, length);
            ASSERT_TRUE(text) << text.error().message;
            EXPECT_EQ(*text, db_.text.substr(offset, length));
            spanned = true;
        }
    }
    EXPECT_TRUE(spanned);
    // Around the boundary byte by byte, and a read ending exactly on it.
    EXPECT_EQ(reader->read(boundary - 3, 6).value(), db_.text.substr(boundary - 3, 6));
    EXPECT_EQ(reader->read(boundary - 10, 10).value(), db_.text.substr(boundary - 10, 10));
    EXPECT_EQ(reader->read(boundary, 1).value(), db_.text.substr(boundary, 1));
}

TEST_F(DictzipReaderTest, ExtendsAPartlyInflatedChunkInTheCache) {
    auto reader = DictzipReader::open(compressed_, {.cache_chunks = 2});
    ASSERT_TRUE(reader);
    EXPECT_EQ(reader->read(10, 5).value(), db_.text.substr(10, 5));          // inflates a prefix
    EXPECT_EQ(reader->read(50000, 20).value(), db_.text.substr(50000, 20));  // needs more of it
    EXPECT_EQ(reader->read(20, 5).value(), db_.text.substr(20, 5));
    const std::uint64_t last = db_.text.size() - 7;
    EXPECT_EQ(reader->read(last, 7).value(), db_.text.substr(last, 7));  // the short last chunk
}

TEST_F(DictzipReaderTest, ReadsThePlainFileToo) {
    auto reader = DictzipReader::open(plain_);
    ASSERT_TRUE(reader) << reader.error().message;
    EXPECT_FALSE(reader->compressed());
    EXPECT_EQ(reader->size(), db_.text.size());
    const auto& [offset, length] = db_.articles[1234];
    EXPECT_EQ(reader->read(offset, length).value(), db_.text.substr(offset, length));
}

TEST_F(DictzipReaderTest, RefusesAReadBeyondTheData) {
    for (const auto& file : {compressed_, plain_}) {
        auto reader = DictzipReader::open(file);
        ASSERT_TRUE(reader);
        for (const auto& [offset, length] : std::vector<std::pair<std::uint64_t, std::uint64_t>>{
                 {db_.text.size(), 1},
                 {db_.text.size() - 5, 6},
                 {db_.text.size() + 1000, 0},
                 {1, std::numeric_limits<std::uint64_t>::max()},
                 {std::numeric_limits<std::uint64_t>::max(), 2}}) {
            auto text = reader->read(offset, length);
            ASSERT_FALSE(text) << offset << "+" << length;
            EXPECT_EQ(text.error().code, ErrorCode::kInvalidInput);
            EXPECT_TRUE(text.error().message.starts_with(file.string() + ": bytes "))
                << text.error().message;
            EXPECT_NE(text.error().message.find("beyond the data"), std::string::npos);
        }
    }
}

TEST_F(DictzipReaderTest, RefusesATruncatedFile) {
    const std::string bytes = fileBytes(compressed_);
    for (std::size_t keep :
         {bytes.size() / 2, bytes.size() - 9, std::size_t{30}, std::size_t{11}}) {
        const auto truncated = dir_.write("truncated.dict.dz", bytes.substr(0, keep));
        auto reader = DictzipReader::open(truncated);
        ASSERT_FALSE(reader) << keep;
        EXPECT_EQ(reader.error().code, ErrorCode::kUnavailable);
        EXPECT_TRUE(reader.error().message.starts_with(truncated.string() + ": truncated"))
            << reader.error().message;
    }
}

TEST_F(DictzipReaderTest, RefusesFilesThatAreNotDictzip) {
    auto not_gzip = DictzipReader::open(dir_.write("text.dict.dz", "this is plain text\n"));
    ASSERT_FALSE(not_gzip);
    EXPECT_EQ(not_gzip.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(not_gzip.error().message,
              (dir_.path() / "text.dict.dz").string() + ": not a gzip file");

    auto empty = DictzipReader::open(dir_.write("empty.dict.dz", ""));
    ASSERT_FALSE(empty);
    EXPECT_NE(empty.error().message.find("not a gzip file"), std::string::npos);

    // An ordinary gzip file has no chunk table ('RA' field).
    const auto gzipped = dir_.path() / "plain.dict.dz";
    gzFile out = gzopen(gzipped.c_str(), "wb");
    ASSERT_NE(out, nullptr);
    gzwrite(out, db_.text.data(), static_cast<unsigned>(db_.text.size()));
    gzclose(out);
    auto no_ra = DictzipReader::open(gzipped);
    ASSERT_FALSE(no_ra);
    EXPECT_EQ(
        no_ra.error().message,
        gzipped.string() + ": no 'RA' field: gzip but not dictzip (compress it with dictzip)");

    auto missing = DictzipReader::open(dir_.path() / "missing.dict.dz");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kUnavailable);
    EXPECT_TRUE(missing.error().message.starts_with((dir_.path() / "missing.dict.dz").string()));
}

// dictzip has no checksum per chunk (the gzip CRC covers the whole file), so a damaged chunk is
// caught when zlib cannot inflate it to its stated size: an error, never a crash.
TEST_F(DictzipReaderTest, ReportsACorruptChunkAsAnError) {
    std::string bytes = fileBytes(compressed_);
    auto reader = DictzipReader::open(compressed_);
    ASSERT_TRUE(reader);
    // Overwrite the middle of the second chunk's compressed bytes.
    const std::size_t middle = bytes.size() / 2;
    for (std::size_t i = middle; i < middle + 64; ++i) {
        bytes[i] = static_cast<char>(0xFF);
    }
    auto corrupt = DictzipReader::open(dir_.write("corrupt.dict.dz", bytes));
    ASSERT_TRUE(corrupt) << corrupt.error().message;  // the header is intact
    int failures = 0;
    for (std::size_t i = 0; i < db_.articles.size(); i += 5) {
        const auto& [offset, length] = db_.articles[i];
        auto text = corrupt->read(offset, length);
        if (!text) {
            ++failures;
            EXPECT_EQ(text.error().code, ErrorCode::kUnavailable);
            EXPECT_NE(text.error().message.find("corrupt.dict.dz: chunk"), std::string::npos)
                << text.error().message;
        } else {
            EXPECT_EQ(text->size(), length);
        }
    }
    EXPECT_GT(failures, 0);
}

TEST_F(DictzipReaderTest, ServesReadsFromManyThreads) {
    auto reader = DictzipReader::open(compressed_, {.cache_chunks = 1});
    ASSERT_TRUE(reader);
    std::vector<std::thread> threads;
    threads.reserve(4);
    std::atomic<int> mismatches = 0;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (auto i = static_cast<std::size_t>(t); i < db_.articles.size(); i += 7) {
                const auto& [offset, length] = db_.articles[i];
                auto text = reader->read(offset, length);
                if (!text || *text != db_.text.substr(offset, length)) {
                    ++mismatches;
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace masthead::dictionary
