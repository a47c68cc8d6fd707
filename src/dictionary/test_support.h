#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "dictionary/dictd_index.h"
#include "dictionary/dictzip_reader.h"
#include "util/file_bytes.h"

namespace masthead::dictionary::testing {

// Debian's data, installed by scripts/setup.sh (dict-wn, dict-gcide, wordnet-base).
inline const std::filesystem::path kWordNetIndex = "/usr/share/dictd/wn.index";
inline const std::filesystem::path kWordNetData = "/usr/share/dictd/wn.dict.dz";
inline const std::filesystem::path kGcideIndex = "/usr/share/dictd/gcide.index";
inline const std::filesystem::path kGcideData = "/usr/share/dictd/gcide.dict.dz";
inline const std::filesystem::path kWordNetDir = "/usr/share/wordnet";
inline constexpr std::string_view kSetupHint = " (run scripts/setup.sh to install the data)";

/// A fresh temporary folder per test, removed afterwards.
class TempDir {
  public:
    TempDir() {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        path_ = std::filesystem::temp_directory_path() /
                ("masthead-dict-" + std::to_string(::getpid()) + "-" + test->test_suite_name() +
                 "-" + test->name());
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    // Not [[nodiscard]]: writing the file is the point; its path is for those who need it.
    // NOLINTNEXTLINE(modernize-use-nodiscard)
    std::filesystem::path write(const std::string& name, std::string_view bytes) const {
        const auto file = path_ / name;
        std::ofstream out(file, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return file;
    }

  private:
    std::filesystem::path path_;
};

inline bool dictzipInstalled() { return std::system("command -v dictzip >/dev/null 2>&1") == 0; }

/// Compresses FILE into FILE.dz with Debian's dictzip, keeping FILE.
inline bool dictzip(const std::filesystem::path& file) {
    const std::string command = "dictzip -k -f '" + file.string() + "' >/dev/null 2>&1";
    return std::system(command.c_str()) == 0;
}

/// dictd's base64 numbers, as an index spells them.
inline std::string base64(std::uint64_t n) {
    static constexpr std::string_view kDigits =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    do {
        out.insert(out.begin(), kDigits[n % 64]);
        n /= 64;
    } while (n != 0);
    return out;
}

/// The articles whose index line starts with exactly `headword` TAB, read from the real data
/// through a one-headword index: cheap enough for every test that wants a real entry.
inline std::vector<std::string> realArticles(const std::filesystem::path& index_file,
                                             const std::filesystem::path& data_file,
                                             std::string_view headword) {
    auto mapped = mapFile(index_file);
    if (!mapped) {
        ADD_FAILURE() << index_file << ": " << mapped.error().message << kSetupHint;
        return {};
    }
    std::string lines;
    const std::string needle = "\n" + std::string(headword) + "\t";
    for (std::size_t at = mapped->text.find(needle); at != std::string_view::npos;
         at = mapped->text.find(needle, at + 1)) {
        const std::size_t end = mapped->text.find('\n', at + 1);
        lines.append(mapped->text.substr(at + 1, end - at));
    }
    auto index = DictdIndex::parse("excerpt.index", lines);
    auto reader = DictzipReader::open(data_file);
    if (!index || !reader) {
        ADD_FAILURE() << "cannot read " << data_file << kSetupHint;
        return {};
    }
    std::vector<std::string> articles;
    for (const IndexEntry& entry : index->find(headword)) {
        auto text = reader->read(entry.offset, entry.length);
        if (!text) {
            ADD_FAILURE() << text.error().message;
            return {};
        }
        articles.push_back(std::move(*text));
    }
    return articles;
}

}  // namespace masthead::dictionary::testing
