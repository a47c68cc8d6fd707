#include "dictionary/dictionary.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <thread>

#include "dictionary/test_support.h"

namespace masthead::dictionary {
namespace {

using testing::TempDir;

/// Both real dictionaries, loaded once per test program.
class DictionaryTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dictionary_ = new Dictionary(DictionaryConfig::debian());
        const auto start = std::chrono::steady_clock::now();
        const auto cpu_start = cpuTime();
        auto loaded = dictionary_->load();
        load_cpu_time_ = cpuTime() - cpu_start;
        load_time_ = std::chrono::steady_clock::now() - start;
        ASSERT_TRUE(loaded) << loaded.error().message << testing::kSetupHint;
        report_ = new LoadReport(std::move(*loaded));
    }
    static void TearDownTestSuite() {
        delete dictionary_;
        delete report_;
        dictionary_ = nullptr;
        report_ = nullptr;
    }
    static LookupResult found(std::string_view query, std::string_view context = {}) {
        auto result = dictionary_->lookup(query, context);
        EXPECT_TRUE(result) << query << ": " << result.error().message;
        return result.value_or(LookupResult{});
    }

    /// User and system time of the whole process (all threads).
    static std::chrono::microseconds cpuTime() {
        rusage usage{};
        ::getrusage(RUSAGE_SELF, &usage);
        auto micros = [](const timeval& t) {
            return std::chrono::seconds(t.tv_sec) + std::chrono::microseconds(t.tv_usec);
        };
        return micros(usage.ru_utime) + micros(usage.ru_stime);
    }

    static Dictionary* dictionary_;
    static LoadReport* report_;
    static std::chrono::steady_clock::duration load_time_;
    static std::chrono::microseconds load_cpu_time_;
};

Dictionary* DictionaryTest::dictionary_ = nullptr;
LoadReport* DictionaryTest::report_ = nullptr;
std::chrono::steady_clock::duration DictionaryTest::load_time_{};
std::chrono::microseconds DictionaryTest::load_cpu_time_{};

const SourceEntries* source(const Match& match, std::string_view name) {
    for (const SourceEntries& s : match.sources) {
        if (s.source == name) {
            return &s;
        }
    }
    return nullptr;
}

std::vector<std::string> headwords(const LookupResult& r) {
    std::vector<std::string> out;
    out.reserve(r.matches.size());
    for (const Match& m : r.matches) {
        out.push_back(m.headword);
    }
    return out;
}

TEST_F(DictionaryTest, LoadsBothRealDictionariesQuickly) {
    // The target is 300 ms of wall time in the release build (bench/dictionary.sh measures
    // it); this is the sanitized debug build, on cores shared with other tests. The CPU time of
    // all loading threads bounds the wall time on an idle machine and does not depend on what
    // else runs. The bound catches a load that went quadratic, not a slower CPU: on the
    // machines of 2026-12-07 the unchanged loader took 1.35-1.55 s here (it took under 1 s on
    // earlier ones), so the bound is 2.5 s.
    EXPECT_LT(load_cpu_time_, std::chrono::milliseconds(2500))
        << "wall time " << std::chrono::duration_cast<std::chrono::milliseconds>(load_time_).count()
        << " ms";
    EXPECT_TRUE(dictionary_->available());
    ASSERT_EQ(report_->sources.size(), 2U);
    const SourceStatus& wn = report_->sources[0];
    EXPECT_TRUE(wn.loaded);
    EXPECT_EQ(wn.short_name, "WordNet (r) 3.0 (2006)");
    EXPECT_EQ(wn.entries, 147306U);  // 147,311 lines less 5 metadata entries
    EXPECT_EQ(wn.file_order, IndexOrder::kByteOrder);
    const SourceStatus& gcide = report_->sources[1];
    EXPECT_TRUE(gcide.loaded);
    EXPECT_EQ(gcide.short_name, "The Collaborative International Dictionary of English v.0.48");
    EXPECT_GT(gcide.headwords, 160000U);
    EXPECT_EQ(gcide.file_order, IndexOrder::kDictionaryOrder);
    EXPECT_EQ(gcide.skipped_lines, 0U);
    EXPECT_FALSE(report_->lemmatizer_error);
    EXPECT_GT(report_->lemmas, 140000U);
}

TEST_F(DictionaryTest, LooksUpTheLemmasOfInflectedWords) {
    const LookupResult defectors = found("Defectors");
    EXPECT_EQ(defectors.query, "defectors");
    ASSERT_FALSE(defectors.lemmas.empty());
    EXPECT_EQ(defectors.lemmas[0], (Lemma{"defector", PartOfSpeech::kNoun}));
    ASSERT_FALSE(defectors.matches.empty());
    EXPECT_EQ(defectors.matches[0].headword, "defector");
    const SourceEntries* wn = source(defectors.matches[0], "wn");
    ASSERT_NE(wn, nullptr);
    EXPECT_FALSE(wn->attribution.empty());
    ASSERT_EQ(wn->entries.size(), 1U);
    EXPECT_EQ(wn->entries[0]->senses[0].text,
              "a person who abandons their duty (as on a military post)");

    const LookupResult fled = found("fled");
    EXPECT_EQ(fled.lemmas.at(0), (Lemma{"flee", PartOfSpeech::kVerb}));
    // GCIDE lists "Fled" itself; WordNet's entry is under the lemma.
    EXPECT_EQ(headwords(fled), (std::vector<std::string>{"fled", "flee"}));
    EXPECT_NE(source(fled.matches[1], "wn"), nullptr);

    const LookupResult potatoes = found("hot potatoes");
    ASSERT_FALSE(potatoes.matches.empty());
    EXPECT_EQ(potatoes.matches[0].headword, "hot potato");
    EXPECT_EQ(source(potatoes.matches[0], "wn")->entries[0]->senses[0].text,
              "a difficult situation");

    const LookupResult korea = found("Korea\u2019s");
    EXPECT_EQ(korea.query, "korea's");
    ASSERT_FALSE(korea.matches.empty());
    EXPECT_EQ(korea.matches[0].headword, "korea");
    EXPECT_EQ(korea.matches[0].sources.size(), 2U);

    const LookupResult refuge = found("refuge");
    ASSERT_EQ(refuge.matches.size(), 1U);
    EXPECT_EQ(source(refuge.matches[0], "gcide")->entries.size(), 2U);  // n. and v. t.
}

TEST_F(DictionaryTest, OffersPhrasesFromTheSentenceFirst) {
    const std::string_view sentence = "It became a political hot potato for Beijing.";
    for (std::string_view word : {"potato", "hot", "Hot"}) {
        const LookupResult r = found(word, sentence);
        ASSERT_GE(r.matches.size(), 2U) << word;
        EXPECT_EQ(r.matches[0].headword, "hot potato") << word;
        EXPECT_TRUE(r.matches[0].phrase);
        EXPECT_FALSE(r.matches[1].phrase);
    }
    EXPECT_EQ(found("potatoes", "Defectors are hot potatoes, again.").matches[0].headword,
              "hot potato");
    EXPECT_EQ(found("took", "They took flight at dawn.").matches[0].headword, "take flight");
    // Not next to each other in the sentence, or split by punctuation: no phrase.
    EXPECT_FALSE(found("hot", "It was hot, potato soup or not").matches[0].phrase);
    EXPECT_EQ(found("potato", "a baked potato").matches[0].headword, "baked potato");
    EXPECT_EQ(found("potato", "").matches[0].headword, "potato");
    EXPECT_EQ(found("potato", "bad \xFF context").matches[0].headword, "potato");
}

TEST_F(DictionaryTest, SuggestsHeadwordsForUnknownWords) {
    auto unknown = dictionary_->lookup("qwzxv");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(unknown.error().message, "no entry for \"qwzxv\"");
    EXPECT_LE(unknown.error().suggestions.size(), 5U);

    auto typo = dictionary_->lookup("defecter");
    ASSERT_FALSE(typo);
    EXPECT_EQ(typo.error().code, ErrorCode::kNotFound);
    ASSERT_FALSE(typo.error().suggestions.empty());
    EXPECT_LE(typo.error().suggestions.size(), 5U);
    EXPECT_EQ(typo.error().suggestions[0], "defector");
}

TEST_F(DictionaryTest, AnswersTheSameFromManyThreads) {
    const std::vector<std::string> words = {"defectors", "fled",   "repatriated", "crises",
                                            "geese",     "better", "asylums",     "refuges"};
    std::vector<std::size_t> expected;
    expected.reserve(words.size());
    for (const std::string& w : words) {
        expected.push_back(found(w).matches.size());
    }
    std::atomic<int> mismatches = 0;
    std::vector<std::thread> threads;
    threads.reserve(4);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int round = 0; round < 3; ++round) {
                for (std::size_t i = 0; i < words.size(); ++i) {
                    auto r = dictionary_->lookup(words[i]);
                    if (!r || r->matches.size() != expected[i]) {
                        ++mismatches;
                    }
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(mismatches.load(), 0);
}

/// Small plain-text databases, written by the tests: the failure cases.
class DictionarySourcesTest : public ::testing::Test {
  protected:
    SourceConfig writeSource(const std::string& name, const std::string& index_text,
                             const std::string& data_text) {
        return {name,
                "test data",
                dir_.write(name + ".index", index_text),
                dir_.write(name + ".dict", data_text),
                EntryFormat::kPlain,
                4,
                {}};
    }
    /// A database with one article per word.
    SourceConfig goodSource(const std::string& name, const std::vector<std::string>& words) {
        std::string data = "00-database-short\n  A test dictionary\n";
        std::string index = "00-database-short\tA\t" + testing::base64(data.size()) + "\n";
        for (const std::string& word : words) {
            std::string article = word;
            article.append("\n  The meaning of ").append(word).append(".\n");
            index += word + "\t" + testing::base64(data.size()) + "\t" +
                     testing::base64(article.size()) + "\n";
            data += article;
        }
        return writeSource(name, index, data);
    }

    TempDir dir_;
};

TEST_F(DictionarySourcesTest, ServesFromTheSourcesThatLoad) {
    DictionaryConfig config;
    config.wordnet_dir = dir_.path() / "no-wordnet";  // rules only, against the headwords
    config.sources.push_back(goodSource("good", {"refuge", "refugee", "zebra"}));
    config.sources.push_back(writeSource("corrupt", "refuge\tA\tB\nbroken line\n", "x"));
    config.sources.push_back(writeSource("short", "refuge\tA\tBA\n", "too short"));
    SourceConfig missing = goodSource("missing", {"a"});
    missing.data = dir_.path() / "absent.dict";
    config.sources.push_back(missing);
    Dictionary dictionary(config);
    auto report = dictionary.load();
    ASSERT_TRUE(report) << report.error().message;
    ASSERT_EQ(report->sources.size(), 4U);
    EXPECT_TRUE(report->sources[0].loaded);
    EXPECT_EQ(report->sources[0].short_name, "A test dictionary");
    ASSERT_TRUE(report->sources[1].error);
    EXPECT_EQ(report->sources[1].error->message,
              (dir_.path() / "corrupt.index").string() +
                  ":2: malformed index line: no tab after the headword");
    ASSERT_TRUE(report->sources[2].error);
    EXPECT_EQ(report->sources[2].error->message,
              (dir_.path() / "short.index").string() + ":1: the entry ends at byte 64, beyond " +
                  "the 9 bytes of " + (dir_.path() / "short.dict").string());
    ASSERT_TRUE(report->sources[3].error);
    EXPECT_NE(report->sources[3].error->message.find("absent.dict"), std::string::npos);
    ASSERT_TRUE(report->lemmatizer_error);
    EXPECT_NE(report->lemmatizer_error->message.find("no-wordnet"), std::string::npos);

    EXPECT_TRUE(dictionary.available());
    auto refuges = dictionary.lookup("Refuges");
    ASSERT_TRUE(refuges) << refuges.error().message;
    ASSERT_EQ(refuges->matches.size(), 1U);
    EXPECT_EQ(refuges->matches[0].headword, "refuge");
    const auto& entry = *refuges->matches[0].sources.at(0).entries.at(0);
    EXPECT_EQ(entry.headword, "refuge");
    EXPECT_EQ(entry.senses.at(0).text, "The meaning of refuge.");
    auto typo = dictionary.lookup("zebru");
    ASSERT_FALSE(typo);
    EXPECT_EQ(typo.error().suggestions, (std::vector<std::string>{"zebra"}));
}

TEST_F(DictionarySourcesTest, RefusesBadQueries) {
    DictionaryConfig config;
    config.wordnet_dir = dir_.path();
    config.sources.push_back(goodSource("good", {"refuge"}));
    Dictionary dictionary(config);
    ASSERT_TRUE(dictionary.load());
    for (std::string_view bad :
         {std::string_view(""), std::string_view("   "), std::string_view("\xFF\xFE"),
          std::string_view("!?"), std::string_view("ref\0uge", 7)}) {
        auto r = dictionary.lookup(bad);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
        EXPECT_TRUE(r.error().suggestions.empty());
    }
    auto long_query = dictionary.lookup(std::string(65, 'a'));
    ASSERT_FALSE(long_query);
    EXPECT_EQ(long_query.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(long_query.error().message, "the query is longer than 64 bytes");
    EXPECT_TRUE(dictionary.lookup("  Refuge.  "));
}

TEST_F(DictionarySourcesTest, IsDisabledWhenNoSourceLoads) {
    DictionaryConfig config;
    config.wordnet_dir = dir_.path();
    config.sources.push_back(writeSource("corrupt", "refuge\tA\n", "x"));
    Dictionary dictionary(config);
    auto report = dictionary.load();
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(
        report.error().message,
        "no dictionary could be loaded: corrupt: " + (dir_.path() / "corrupt.index").string() +
            ":1: malformed index line: no tab between offset and length");
    EXPECT_FALSE(dictionary.available());
    auto lookup = dictionary.lookup("refuge");
    ASSERT_FALSE(lookup);
    EXPECT_EQ(lookup.error().code, ErrorCode::kUnavailable);

    Dictionary empty(DictionaryConfig{{}, dir_.path(), 1024});
    EXPECT_FALSE(empty.load());
    EXPECT_FALSE(empty.available());
}

TEST_F(DictionarySourcesTest, DropsBytesThatAreNotUtf8) {
    const std::string data = "caf\xC3\xA9\n  Coffee \xFF\xFEhouse.\n";
    DictionaryConfig config;
    config.wordnet_dir = dir_.path();
    config.sources.push_back(writeSource(
        "bytes", "caf\xC3\xA9\tA\t" + testing::base64(data.size()) + "\nbad\xFF\tA\tB\n", data));
    Dictionary dictionary(config);
    auto report = dictionary.load();
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->sources[0].skipped_lines, 1U);
    EXPECT_TRUE(dictionary.lookup("CAF\xC3\xA9"));   // ASCII letters fold...
    EXPECT_FALSE(dictionary.lookup("caf\xC3\x89"));  // ...others do not
    auto found = dictionary.lookup("caf\xC3\xA9");
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->matches[0].sources[0].entries[0]->senses[0].text, "Coffee house.");
    EXPECT_EQ(dictionary.invalidUtf8Articles(), 1U);
}

}  // namespace
}  // namespace masthead::dictionary
