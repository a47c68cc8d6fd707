#include "app/config_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace masthead::app {
namespace {

yaml::Node parsed(std::string_view text) {
    auto node = yaml::parse(text);
    EXPECT_TRUE(node) << text;
    return node ? *node : yaml::Node{};
}

/// The message of a failed result, or "" when it did not fail.
template <class T>
std::string failure(const Result<T>& result) {
    if (result) {
        return "";
    }
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
    return result.error().message;
}

const ConfigReader kReader("site.yaml");

TEST(ConfigReader, ProblemsNameFileAndLine) {
    const yaml::Node root = parsed("a: 1\nb:\n  - x\n");
    const auto problem = kReader.problem(root.entries[1].second.items[0], "what is wrong");
    EXPECT_EQ(problem.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(problem.error().message, "site.yaml:3: what is wrong");
}

TEST(ConfigReader, Text) {
    const yaml::Node root = parsed("name: The Daily\nlist: [a]\n");
    EXPECT_EQ(*kReader.text(root.entries[0].second, "site.name"), "The Daily");
    EXPECT_EQ(failure(kReader.text(root.entries[1].second, "site.name")),
              "site.yaml:2: \"site.name\" must be text");
}

TEST(ConfigReader, WholeNumbersInRange) {
    const yaml::Node root = parsed("[12, 0, 21, 12a, -1, '']");
    const auto number = [&root](std::size_t i) {
        return kReader.number(root.items[i], "server.threads", 1, 20);
    };
    EXPECT_EQ(*number(0), 12U);
    for (std::size_t i = 1; i < root.items.size(); ++i) {
        EXPECT_EQ(failure(number(i)),
                  "site.yaml:1: \"server.threads\" must be a whole number from 1 to 20");
    }
}

TEST(ConfigReader, ListsOfText) {
    const yaml::Node root = parsed("a: [x, y]\nb: []\nc: x\nd:\n  - x\n  - [y]\n");
    const auto texts = [&root](std::size_t i, bool allow_empty) {
        return kReader.texts(root.entries[i].second, "k", "things", allow_empty);
    };
    EXPECT_EQ(*texts(0, false), (std::vector<std::string>{"x", "y"}));
    EXPECT_TRUE(texts(1, true)->empty());
    EXPECT_EQ(failure(texts(1, false)), "site.yaml:2: \"k\" must be a list of things");
    EXPECT_EQ(failure(texts(2, true)),
              "site.yaml:3: \"k\" must be a list of things, or [] for none");
    EXPECT_EQ(failure(texts(3, true)), "site.yaml:6: \"k\" must be text");
}

TEST(ConfigReader, Flags) {
    const yaml::Node root = parsed("[yes, off, maybe]");
    EXPECT_TRUE(*kReader.flag(root.items[0], "dictionary.enabled"));
    EXPECT_FALSE(*kReader.flag(root.items[1], "dictionary.enabled"));
    EXPECT_EQ(failure(kReader.flag(root.items[2], "dictionary.enabled")),
              "site.yaml:1: \"dictionary.enabled\" must be true or false");
}

TEST(ConfigReader, ListsOfItemsWithUniqueIds) {
    std::vector<std::string> names;
    const auto read = [&names](const ConfigReader& r, const std::string& where,
                               const yaml::Node& item) -> Result<std::string> {
        names.push_back(where);
        return r.text(item, where);
    };
    const auto id = [](const std::string& item) { return item; };
    const yaml::Node root = parsed("a:\n  - x\n  - y\nb:\n  - x\n  - x\nc: x\nd: [[x]]\n");
    const auto list = [&](std::size_t i) {
        return kReader.uniqueList<std::string>(root.entries[i].second, "k", "widgets", read, id);
    };
    EXPECT_EQ(*list(0), (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(names, (std::vector<std::string>{"k[1]", "k[2]"}));
    EXPECT_EQ(failure(list(1)), "site.yaml:6: \"k\": the id \"x\" is used twice");
    EXPECT_EQ(failure(list(2)), "site.yaml:7: \"k\" must be a list of widgets, or [] for none");
    EXPECT_EQ(failure(list(3)), "site.yaml:8: \"k[1]\" must be text");
}

TEST(ConfigReader, ItemIds) {
    const yaml::Node root = parsed("[wn, corp-sso_2, " + std::string(32, 'a') + ", " +
                                   std::string(33, 'a') + ", Google, 'web ster', '', [x]]");
    const auto id = [&root](std::size_t i) { return kReader.itemId(root.items[i], "k.id"); };
    EXPECT_EQ(*id(0), "wn");
    EXPECT_EQ(*id(1), "corp-sso_2");
    EXPECT_EQ(*id(2), std::string(32, 'a'));
    for (std::size_t i = 3; i < 7; ++i) {
        EXPECT_EQ(failure(id(i)),
                  "site.yaml:1: \"k.id\" must be 1 to 32 lowercase letters, digits, - or _");
    }
    EXPECT_EQ(failure(id(7)), "site.yaml:1: \"k.id\" must be text");
}

}  // namespace
}  // namespace masthead::app
