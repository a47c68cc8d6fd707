#include "app/dictionary_source_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "app/config.h"
#include "app/config_test_support.h"

namespace masthead::app {
namespace {

using config_test::Mistake;
using config_test::writeTemp;

TEST(DictionarySourceConfig, SourcesReplaceTheDefaults) {
    const auto file = writeTemp(
        "dictionary:\n"
        "  enabled: false\n"
        "  wordnet_dir: /opt/wordnet\n"
        "  sources:\n"
        "    - id: wn\n"
        "      name: WordNet 3.0\n"
        "      index: /opt/dict/wn.index\n"
        "      data: /opt/dict/wn.dict.dz\n"
        "      format: wordnet\n"
        "      licence: WordNet 3.0 licence\n"
        "    - {id: jargon, index: jargon.index, data: jargon.dict}\n");
    auto loaded = loadConfigFile(file, Config{});
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_FALSE(loaded->dictionary_enabled);
    EXPECT_EQ(loaded->dictionary.wordnet_dir, "/opt/wordnet");
    ASSERT_EQ(loaded->dictionary.sources.size(), 2U);
    const auto& wn = loaded->dictionary.sources[0];
    EXPECT_EQ(wn.name, "wn");
    EXPECT_EQ(wn.title, "WordNet 3.0");
    EXPECT_EQ(wn.index, "/opt/dict/wn.index");
    EXPECT_EQ(wn.data, "/opt/dict/wn.dict.dz");
    EXPECT_EQ(wn.format, dictionary::EntryFormat::kWordNet);
    EXPECT_EQ(wn.attribution, "WordNet 3.0 licence");
    const auto& jargon = loaded->dictionary.sources[1];
    EXPECT_EQ(jargon.format, dictionary::EntryFormat::kPlain);
    EXPECT_EQ(jargon.title, "");
    std::filesystem::remove(file);

    const auto none = writeTemp("dictionary:\n  sources: []\n");
    auto empty = loadConfigFile(none, Config{});
    ASSERT_TRUE(empty) << empty.error().message;
    EXPECT_TRUE(empty->dictionary.sources.empty());
    std::filesystem::remove(none);
}

TEST(DictionarySourceConfig, MistakesNameFileAndLine) {
    const std::vector<Mistake> mistakes = {
        {"dictionary:\n  sources: /usr/share/dictd\n",
         ":2: \"dictionary.sources\" must be a list of sources"},
        {"dictionary:\n  sources:\n    - id: wn\n      index: a.index\n",
         ":3: dictionary.sources[1]: \"data\" is missing"},
        {"dictionary:\n  sources:\n    - {id: a, index: i, data: d}\n    - id: b\n"
         "      index: i\n      data: d\n      format: xml\n",
         R"(:7: "dictionary.sources[2].format" must be wordnet, gcide or plain, not "xml")"},
        {"dictionary:\n  sources:\n    - {id: a, index: i, data: d, licnce: x}\n",
         ":3: unknown key \"dictionary.sources[1].licnce\" (known: data, format, id, index, "
         "licence, name)"},
        {"dictionary:\n  sources:\n    - {id: 'Web ster', index: i, data: d}\n",
         ":3: \"dictionary.sources[1].id\" must be 1 to 32 lowercase letters, digits, - or _"},
        {"dictionary:\n  sources:\n    - {id: a, index: i, data: d}\n"
         "    - {id: a, index: j, data: e}\n",
         R"(:4: "dictionary.sources": the id "a" is used twice)"},
    };
    config_test::expectMistakes(mistakes);
}

}  // namespace
}  // namespace masthead::app
