#include "dictionary/glossary_import.h"

#include <gtest/gtest.h>

namespace masthead::dictionary {
namespace {

TEST(GlossaryImport, ReadsAnArrayOfEntries) {
    auto parsed = parseGlossaryJson(R"([
        {"term": "jeonse", "korean": "전세", "note": "a lump-sum deposit"},
        {"term": "talbukja", "korean": "탈북자", "article": "defectors-in-china"}
    ])");
    ASSERT_TRUE(parsed);
    ASSERT_EQ(parsed->size(), 2U);
    EXPECT_EQ((*parsed)[0].term, "jeonse");
    EXPECT_EQ((*parsed)[0].korean, "전세");
    EXPECT_EQ((*parsed)[0].note, "a lump-sum deposit");
    EXPECT_EQ((*parsed)[0].article_slug, "");
    EXPECT_EQ((*parsed)[1].article_slug, "defectors-in-china");
    EXPECT_EQ((*parsed)[1].note, "");
    EXPECT_TRUE(parseGlossaryJson("[]").value().empty());
}

TEST(GlossaryImport, NamesEveryEntryThatIsWrong) {
    auto parsed = parseGlossaryJson(R"([
        {"term": "ok", "korean": "좋아"},
        "jeonse",
        {"term": "wolse"},
        {"term": "hagwon", "korean": "학원", "notes": "typo"},
        {"term": 7, "korean": "칠"},
        {"term": "", "korean": "빈"},
        {"term": "x", "korean": "엑스", "article": null}
    ])");
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error(),
              (std::vector<std::string>{
                  "entry 2: must be an object with \"term\" and \"korean\"",
                  "entry 3: \"korean\" is missing",
                  "entry 4: unknown key \"notes\" (known: article, korean, note, term)",
                  "entry 5: \"term\" must be text",
                  "entry 6: the term is empty",
                  "entry 7: \"article\" must be text",
              }));
}

TEST(GlossaryImport, RefusesWhatIsNotAnArrayOfEntries) {
    auto not_json = parseGlossaryJson(R"([{"term": "a",)");
    ASSERT_FALSE(not_json);
    ASSERT_EQ(not_json.error().size(), 1U);
    EXPECT_TRUE(not_json.error()[0].starts_with("not valid JSON: parse error at line 1"))
        << not_json.error()[0];
    auto object = parseGlossaryJson(R"({"term": "a", "korean": "b"})");
    ASSERT_FALSE(object);
    EXPECT_TRUE(object.error()[0].starts_with("must be a JSON array of entries"));
    auto bad_bytes = parseGlossaryJson("[{\"term\": \"caf\xC3\", \"korean\": \"b\"}]");
    ASSERT_FALSE(bad_bytes);
    EXPECT_TRUE(bad_bytes.error()[0].starts_with("not valid JSON")) << bad_bytes.error()[0];
}

TEST(GlossaryImport, SummarizesVeryManyProblems) {
    std::string json = "[";
    for (int i = 0; i < 30; ++i) {
        json += std::string(i == 0 ? "" : ",") + R"({"term": "t"})";
    }
    json += "]";
    auto parsed = parseGlossaryJson(json);
    ASSERT_FALSE(parsed);
    ASSERT_EQ(parsed.error().size(), 21U);
    EXPECT_EQ(parsed.error().back(), "... and 10 more problems");
}

}  // namespace
}  // namespace masthead::dictionary
