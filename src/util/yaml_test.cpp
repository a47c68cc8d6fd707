#include "util/yaml.h"

#include <gtest/gtest.h>

namespace masthead::yaml {
namespace {

TEST(YamlTest, ReadsMapsListsAndScalarsWithTheirLines) {
    auto doc = parse("headline: Seoul in spring\ntags: [a, 'b c']\nnested:\n  - x\n  - y: 1\n");
    ASSERT_TRUE(doc) << doc.error().message;
    ASSERT_TRUE(doc->isMapping());
    ASSERT_EQ(doc->entries.size(), 3U);
    EXPECT_EQ(doc->entries[0].first.scalar, "headline");
    EXPECT_EQ(doc->find("headline")->scalar, "Seoul in spring");
    EXPECT_EQ(doc->find("headline")->line, 1);
    const Node* tags = doc->find("tags");
    ASSERT_TRUE(tags && tags->isSequence());
    ASSERT_EQ(tags->items.size(), 2U);
    EXPECT_EQ(tags->items[1].scalar, "b c");
    EXPECT_TRUE(tags->items[1].quoted);
    EXPECT_FALSE(tags->items[0].quoted);
    const Node* nested = doc->find("nested");
    ASSERT_TRUE(nested && nested->isSequence());
    EXPECT_EQ(nested->items[1].line, 5);
    EXPECT_EQ(nested->items[1].find("y")->scalar, "1");
    EXPECT_EQ(doc->find("missing"), nullptr);
}

TEST(YamlTest, NullsArePlainOnlyAndAnEmptyTextIsNull) {
    auto doc = parse("a:\nb: ~\nc: null\nd: 'null'\ne: \"\"\n");
    ASSERT_TRUE(doc);
    EXPECT_TRUE(doc->find("a")->isNull());
    EXPECT_TRUE(doc->find("b")->isNull());
    EXPECT_TRUE(doc->find("c")->isNull());
    EXPECT_TRUE(doc->find("d")->isScalar());
    EXPECT_TRUE(doc->find("e")->isScalar());
    EXPECT_EQ(doc->find("e")->scalar, "");
    auto empty = parse("");
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->isNull());
    auto comment = parse("# nothing but a comment\n");
    ASSERT_TRUE(comment);
    EXPECT_TRUE(comment->isNull());
}

TEST(YamlTest, SyntaxErrorsNameTheLineWhereTheTroubleBegan) {
    auto quote = parse("a: 1\nb: \"open\nc: 2\n");
    ASSERT_FALSE(quote);
    EXPECT_EQ(quote.error().line, 2);
    EXPECT_EQ(quote.error().message,
              "found unexpected end of stream while scanning a quoted scalar");
    auto colon = parse("headline: Seoul: a city\n");
    ASSERT_FALSE(colon);
    EXPECT_EQ(colon.error().line, 1);
    EXPECT_EQ(colon.error().message, "mapping values are not allowed in this context");
    auto bad_utf8 = parse("a: \xff\n");
    ASSERT_FALSE(bad_utf8);
}

TEST(YamlTest, RefusesAliasesTagsSecondDocumentsAndDeepNesting) {
    auto alias = parse("a: &x [1, 2]\nb: *x\n");
    ASSERT_FALSE(alias);
    EXPECT_EQ(alias.error().line, 2);
    EXPECT_EQ(alias.error().message, "aliases (*name) are not supported");
    EXPECT_FALSE(parse("a: !!str 1\n"));
    EXPECT_FALSE(parse("a: !custom {b: 1}\n"));
    auto second = parse("a: 1\n---\nb: 2\n");
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().line, 2);
    EXPECT_TRUE(parse("---\na: 1\n...\n"));  // one document, marked
    EXPECT_TRUE(parse(std::string(64, '[') + std::string(64, ']')));
    auto deep = parse(std::string(65, '[') + std::string(65, ']'));
    ASSERT_FALSE(deep);
    EXPECT_EQ(deep.error().message, "nested more than 64 levels deep");
    // libyaml's own parser keeps its stacks on the heap: a huge nesting is an error, not a
    // crash.
    EXPECT_FALSE(parse(std::string(100000, '[')));
}

TEST(YamlTest, FlagsAreTheWordsPeopleWrite) {
    auto doc = parse("a: true\nb: No\nc: ON\nd: off\ne: maybe\nf: [1]\n");
    ASSERT_TRUE(doc);
    EXPECT_EQ(flag(*doc->find("a")), true);
    EXPECT_EQ(flag(*doc->find("b")), false);
    EXPECT_EQ(flag(*doc->find("c")), true);
    EXPECT_EQ(flag(*doc->find("d")), false);
    EXPECT_EQ(flag(*doc->find("e")), std::nullopt);
    EXPECT_EQ(flag(*doc->find("f")), std::nullopt);
}

}  // namespace
}  // namespace masthead::yaml
