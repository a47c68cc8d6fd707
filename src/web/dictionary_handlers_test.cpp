#include "web/dictionary_handlers.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace masthead::web {
namespace {

using dictionary::Dictionary;
using dictionary::DictionaryConfig;
using dictionary::Glossary;
using dictionary::GlossaryEntry;
using dictionary::WordLookup;

/// dictd's base64 numbers, as an index spells them.
std::string base64(std::size_t n) {
    static constexpr std::string_view kDigits =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    do {
        out.insert(out.begin(), kDigits[n % 64]);
        n /= 64;
    } while (n != 0);
    return out;
}

/// A two-word plain dictd database in a temporary folder, and the handler over it.
class DictionaryHandlersTest : public ::testing::Test {
  protected:
    DictionaryHandlersTest()
        : dir_(std::filesystem::temp_directory_path() /
               ("masthead-dict-handlers-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
        std::filesystem::create_directories(dir_);
        std::string data;
        std::string index;
        for (const char* word : {"refuge", "zebra"}) {
            const std::string article = std::string(word) + "\n  The meaning of " + word + ".\n";
            index += std::string(word) + "\t" + base64(data.size()) + "\t" +
                     base64(article.size()) + "\n";
            data += article;
        }
        std::ofstream(dir_ / "test.index") << index;
        std::ofstream(dir_ / "test.dict") << data;
        config_.wordnet_dir = dir_ / "no-wordnet";  // morphy's rules against the headwords
        config_.sources.push_back({.name = "test",
                                   .attribution = "test data",
                                   .index = dir_ / "test.index",
                                   .data = dir_ / "test.dict",
                                   .format = dictionary::EntryFormat::kPlain,
                                   .title = "The Test Dictionary"});
    }
    ~DictionaryHandlersTest() override { std::filesystem::remove_all(dir_); }

    http::Response get(std::string query) {
        http::Request request;
        request.path = "/api/dictionary";
        request.query = std::move(query);
        return handlers_.lookup(request);
    }
    static nlohmann::json body(const http::Response& r) {
        EXPECT_EQ(r.entity->content_type, "application/json; charset=utf-8");
        return nlohmann::json::parse(r.entity->body);
    }

    std::filesystem::path dir_;
    DictionaryConfig config_;
    Dictionary dictionary_{DictionaryConfig{}};
    Glossary glossary_;
    PageCache cache_{1U << 20U};
    PageCache unknown_{1U << 20U};
    WordLookup lookup_{dictionary_, glossary_};
    DictionaryHandlers handlers_{lookup_, cache_, unknown_};
};

TEST_F(DictionaryHandlersTest, AnswersJsonForEveryOutcome) {
    Dictionary dictionary(config_);
    ASSERT_TRUE(dictionary.load());
    const WordLookup lookup(dictionary, glossary_);
    DictionaryHandlers handlers(lookup, cache_, unknown_);
    auto get = [&](std::string query) {
        http::Request request;
        request.query = std::move(query);
        return handlers.lookup(request);
    };

    const http::Response refuges = get("q=Refuges&context=A+safe+refuge.&article=7");
    ASSERT_EQ(refuges.status, 200);
    EXPECT_EQ(refuges.entity->cache_control, "public, max-age=86400");
    const nlohmann::json found = body(refuges);
    EXPECT_EQ(found["query"], "Refuges");
    EXPECT_EQ(found["normalized"], "refuges");
    EXPECT_TRUE(found["phrase"].is_null());
    EXPECT_EQ(found["glossary"], nlohmann::json::array());
    ASSERT_EQ(found["sources"].size(), 1U);
    EXPECT_EQ(found["sources"][0]["name"], "The Test Dictionary");
    EXPECT_EQ(found["sources"][0]["id"], "test");
    EXPECT_EQ(found["sources"][0]["licence"], "test data");
    const nlohmann::json& entry = found["sources"][0]["entries"][0];
    EXPECT_EQ(entry["headword"], "refuge");
    EXPECT_EQ(entry["pos"], "");
    EXPECT_TRUE(entry["pronunciation"].is_null());
    EXPECT_EQ(entry["senses"][0]["number"], 1);
    EXPECT_EQ(entry["senses"][0]["text"], "The meaning of refuge.");
    EXPECT_EQ(entry["senses"][0]["examples"], nlohmann::json::array());
    // A parameter given twice counts the first time.
    EXPECT_EQ(body(get("q=zebra&q=refuge"))["normalized"], "zebra");
    // The same question again is the same cached bytes.
    EXPECT_EQ(get("q=Refuges&context=A+safe+refuge.&article=7").entity, refuges.entity);

    const http::Response unknown = get("q=zebru");
    ASSERT_EQ(unknown.status, 404);
    EXPECT_EQ(body(unknown), (nlohmann::json{{"error", "No entry for \"zebru\"."},
                                             {"query", "zebru"},
                                             {"suggestions", {"zebra"}}}));
    EXPECT_EQ(get("q=zebru").entity, unknown.entity);
    EXPECT_EQ(get("q=zebru").status, 404);

    for (const char* bad :
         {"", "q=", "q=%20%20", "q=%FF", "q=a%01b", "context=refuge", "q=refuge&article=x",
          "q=refuge&article=0", "q=refuge&article=-3",
          "q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}) {
        const http::Response r = get(bad);
        EXPECT_EQ(r.status, 400) << bad;
        EXPECT_TRUE(body(r).contains("error")) << bad;
        EXPECT_EQ(r.entity->cache_control, "no-store");
    }
    EXPECT_EQ(body(get("q=%FF"))["error"], "The query is not valid UTF-8.");
    EXPECT_EQ(get(std::string("q=") + std::string(64, 'a')).status, 404);  // 64 bytes is fine
}

TEST_F(DictionaryHandlersTest, ANewGlossaryIsANewAnswer) {
    Dictionary dictionary(config_);
    ASSERT_TRUE(dictionary.load());
    const WordLookup lookup(dictionary, glossary_);
    DictionaryHandlers handlers(lookup, cache_, unknown_);
    http::Request request;
    request.query = "q=jeonse&article=7";
    EXPECT_EQ(handlers.lookup(request).status, 404);

    glossary_.publish({GlossaryEntry{1, std::nullopt, "", "Jeonse", "jeonse", "전세", "site"},
                       GlossaryEntry{2, 7, "rents", "jeonse", "jeonse", "전세금", ""}});
    const http::Response r = handlers.lookup(request);
    ASSERT_EQ(r.status, 200);
    const nlohmann::json j = body(r);
    EXPECT_EQ(j["sources"], nlohmann::json::array());
    EXPECT_EQ(j["glossary"],
              (nlohmann::json{
                  {{"term", "jeonse"}, {"korean", "전세금"}, {"note", ""}, {"scope", "article"}},
                  {{"term", "Jeonse"}, {"korean", "전세"}, {"note", "site"}, {"scope", "site"}}}));
}

TEST_F(DictionaryHandlersTest, IsUnavailableWithoutADictionary) {
    const http::Response r = get("q=refuge");
    ASSERT_EQ(r.status, 503);
    EXPECT_EQ(body(r), (nlohmann::json{{"error", "The dictionary is not available."}}));
}

}  // namespace
}  // namespace masthead::web
