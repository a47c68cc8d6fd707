#include "dictionary/lemmatizer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "dictionary/test_support.h"

namespace masthead::dictionary {
namespace {

using testing::TempDir;

constexpr PartOfSpeech kNoun = PartOfSpeech::kNoun;
constexpr PartOfSpeech kVerb = PartOfSpeech::kVerb;
constexpr PartOfSpeech kAdjective = PartOfSpeech::kAdjective;

class LemmatizerTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        auto loaded = Lemmatizer::loadWordNet(testing::kWordNetDir);
        ASSERT_TRUE(loaded) << loaded.error().message << testing::kSetupHint;
        wordnet_ = new Lemmatizer(std::move(*loaded));
    }
    static void TearDownTestSuite() {
        delete wordnet_;
        wordnet_ = nullptr;
    }
    static Lemmatizer* wordnet_;
};

Lemmatizer* LemmatizerTest::wordnet_ = nullptr;

std::string show(const std::vector<Lemma>& lemmas) {
    std::string out;
    for (const Lemma& l : lemmas) {
        out += l.text + "/" + std::string(partOfSpeechName(l.part_of_speech)) + " ";
    }
    return out;
}

TEST_F(LemmatizerTest, FindsTheBaseFormsOfInflectedWords) {
    struct Row {
        std::string_view word;
        Lemma lemma;
        bool first;  // the lemma comes first (the word itself is no lemma)
    };
    const std::vector<Row> table = {
        {"defectors", {"defector", kNoun}, true},
        {"fled", {"flee", kVerb}, true},                // verb.exc
        {"repatriated", {"repatriate", kVerb}, true},   // -ed → -e
        {"repatriating", {"repatriate", kVerb}, true},  // -ing → -e
        {"crises", {"crisis", kNoun}, true},            // noun.exc
        {"hot potatoes", {"hot potato", kNoun}, true},  // the last word inflects
        {"geese", {"goose", kNoun}, true},              // noun.exc
        {"fleeing", {"flee", kVerb}, true},             // -ing → ∅
        {"refuges", {"refuge", kNoun}, true},
        {"asylums", {"asylum", kNoun}, true},
        {"better", {"good", kAdjective}, false},          // adj.exc; "better" is a word too
        {"Korea\u2019s", {"korea", kNoun}, true},         // possessive, curly apostrophe
        {"defectors'", {"defector", kNoun}, true},        // plural possessive
        {"DEFECTORS", {"defector", kNoun}, true},         // case
        {"Hot   Potatoes", {"hot potato", kNoun}, true},  // spacing
        {"took flight", {"take flight", kVerb}, true},    // a verb phrase's first word
        {"re-elected", {"reelect", kVerb}, true},         // hyphen dropped
        {"children", {"child", kNoun}, true},
        {"studies", {"study", kNoun}, true},  // -ies → -y
        {"boxes", {"box", kNoun}, true},      // -xes → -x
        {"worse", {"bad", kAdjective}, false},
        {"refuge", {"refuge", kNoun}, true},               // already a lemma
        {"well-known", {"well-known", kAdjective}, true},  // hyphenated lemma as it is
    };
    for (const Row& row : table) {
        const std::vector<Lemma> lemmas = wordnet_->lemmatize(row.word);
        ASSERT_FALSE(lemmas.empty()) << row.word;
        EXPECT_NE(std::ranges::find(lemmas, row.lemma), lemmas.end())
            << row.word << " gave " << show(lemmas);
        if (row.first) {
            EXPECT_EQ(lemmas.front(), row.lemma) << row.word << " gave " << show(lemmas);
        }
    }
}

TEST_F(LemmatizerTest, PutsTheWordItselfFirstAndRepeatsNothing) {
    const auto better = wordnet_->lemmatize("better");
    ASSERT_GE(better.size(), 5U);
    EXPECT_EQ(better[0].text, "better");
    EXPECT_EQ(better[0].part_of_speech, kNoun);
    EXPECT_EQ(better[1], (Lemma{"better", kVerb}));
    std::set<std::pair<std::string, PartOfSpeech>> seen;
    for (const Lemma& l : better) {
        EXPECT_TRUE(seen.emplace(l.text, l.part_of_speech).second) << show(better);
    }
    // "glass" ends in -ss: no -s rule for nouns, so no "glas".
    for (const Lemma& l : wordnet_->lemmatize("glass")) {
        EXPECT_EQ(l.text, "glass");
    }
}

TEST_F(LemmatizerTest, KnowsNothingOfNonsense) {
    EXPECT_TRUE(wordnet_->lemmatize("qwzxv").empty());
    EXPECT_TRUE(wordnet_->lemmatize("").empty());
    EXPECT_TRUE(wordnet_->lemmatize("   ").empty());
    EXPECT_TRUE(wordnet_->lemmatize("'s").empty());
    EXPECT_GT(wordnet_->lemmaCount(), 140000U);
    EXPECT_TRUE(wordnet_->exists("hot potato", kNoun));
    EXPECT_FALSE(wordnet_->exists("hot potato", kVerb));
}

TEST(LemmatizerRulesTest, AppliesMorphyRulesOverAnyLemmaList) {
    const std::set<std::pair<std::string, PartOfSpeech>> lemmas = {
        {"church", kNoun}, {"lady", kNoun},          {"man", kNoun},      {"try", kVerb},
        {"hope", kVerb},   {"stop", kVerb},          {"big", kAdjective}, {"large", kAdjective},
        {"mouse", kNoun},  {"sanctuary city", kNoun}};
    std::array<Lemmatizer::Exceptions, 4> exceptions;
    exceptions[0] = {{"mice", {"mouse"}}};
    Lemmatizer lemmatizer(exceptions, [&](std::string_view lemma, PartOfSpeech pos) {
        return lemmas.contains({std::string(lemma), pos});
    });
    auto first = [&](std::string_view word) {
        const auto found = lemmatizer.lemmatize(word);
        return found.empty() ? Lemma{"", kNoun} : found.front();
    };
    EXPECT_EQ(first("churches"), (Lemma{"church", kNoun}));
    EXPECT_EQ(first("ladies"), (Lemma{"lady", kNoun}));
    EXPECT_EQ(first("men"), (Lemma{"man", kNoun}));
    EXPECT_EQ(first("tries"), (Lemma{"try", kVerb}));
    EXPECT_EQ(first("hoped"), (Lemma{"hope", kVerb}));
    EXPECT_EQ(first("hoping"), (Lemma{"hope", kVerb}));
    // Doubled consonants are for the exception lists (WordNet's adj.exc has "bigger big").
    EXPECT_TRUE(lemmatizer.lemmatize("bigger").empty());
    EXPECT_EQ(first("larger"), (Lemma{"large", kAdjective}));
    EXPECT_EQ(first("largest"), (Lemma{"large", kAdjective}));
    EXPECT_EQ(first("mice"), (Lemma{"mouse", kNoun}));
    EXPECT_EQ(first("sanctuary cities"), (Lemma{"sanctuary city", kNoun}));
}

TEST(LemmatizerRulesTest, NamesTheWordNetFileThatIsMissingOrMalformed) {
    TempDir dir;
    auto missing = Lemmatizer::loadWordNet(dir.path());
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(missing.error().message.find((dir.path() / "noun.exc").string()), std::string::npos)
        << missing.error().message;

    dir.write("noun.exc", "geese goose\nlonely\n");
    auto malformed = Lemmatizer::loadWordNet(dir.path());
    ASSERT_FALSE(malformed);
    EXPECT_EQ(malformed.error().message,
              (dir.path() / "noun.exc").string() +
                  ":2: an exception needs an inflected form and a base form");
}

}  // namespace
}  // namespace masthead::dictionary
