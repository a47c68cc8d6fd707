#include "comments/word_filter.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace masthead::comments {
namespace {

WordRule banned(std::int64_t id, std::string word) {
    return WordRule{id, std::move(word), WordList::kBanned};
}

WordRule suspect(std::int64_t id, std::string word) {
    return WordRule{id, std::move(word), WordList::kSuspect};
}

struct Case {
    const char* what;
    std::vector<WordRule> rules;
    std::string comment;
    std::optional<std::int64_t> rule_id;  ///< nullopt: no match expected
    std::string matched;
    std::size_t offset = 0;
};

std::vector<Case> cases() {
    const std::vector<WordRule> fuck{banned(1, "fuck")};
    const std::vector<WordRule> shit{banned(2, "shit")};
    const std::vector<WordRule> ass{banned(3, "ass")};
    const std::vector<WordRule> sibal{banned(5, "시발")};
    const std::vector<WordRule> initials{banned(6, "ㅅㅂ")};
    return {
        // Case and width.
        {"upper case", fuck, "FUCK off", 1, "FUCK", 0},
        {"mixed case", fuck, "oh FuCk", 1, "FuCk", 3},
        {"fullwidth", fuck, "oh ＦＵＣＫ", 1, "ＦＵＣＫ", 3},
        {"fullwidth mixed", fuck, "ｆuＣk!", 1, "ｆuＣk", 0},
        // Look-alikes from other scripts.
        {"Cyrillic es", fuck, "fu\u0441k you", 1, "fu\u0441k", 0},
        {"Cyrillic a", ass, "\u0430ss", 3, "\u0430ss", 0},
        {"Cyrillic capitals", shit, "ЅНІТ!", 2, "ЅНІТ", 0},
        {"circled letters", fuck, "ⓕⓤⓒⓚ", 1, "ⓕⓤⓒⓚ", 0},
        {"mathematical bold", fuck, "𝐟𝐮𝐜𝐤", 1, "𝐟𝐮𝐜𝐤", 0},
        {"Greek omicron", {banned(7, "porn")}, "p\u03bfrn", 7, "p\u03bfrn", 0},
        {"umlaut", fuck, "f\u00fcck", 1, "f\u00fcck", 0},
        {"combining mark", fuck, "fu\u0308ck", 1, "fu\u0308ck", 0},
        {"zero-width space", fuck, "fu\u200bck", 1, "fu\u200bck", 0},
        // Leetspeak inside words; numbers stay numbers.
        {"leet digit", shit, "holy sh1t", 2, "sh1t", 5},
        {"leet symbol", shit, "$hit", 2, "$hit", 0},
        {"leet symbols", ass, "kiss my a$$", 3, "a$$", 8},
        {"leet at sign", ass, "@ss", 3, "@ss", 0},
        {"leet through dots", shit, "s.h.1.t", 2, "s.h.1.t", 0},
        {"leet spelled out", shit, "s h 1 t", 2, "s h 1 t", 0},
        {"leet 4 is a, not u", fuck, "f4ck", std::nullopt, "", 0},
        {"more digits than letters", ass, "the A55 road", std::nullopt, "", 0},
        {"year", {banned(8, "o")}, "2026 년", std::nullopt, "", 0},
        {"year before Hangul", {banned(8, "o")}, "2026년", std::nullopt, "", 0},
        // Letters split by spaces, punctuation and symbols.
        {"dots", fuck, "f.u.c.k", 1, "f.u.c.k", 0},
        {"spaces", fuck, "f u c k", 1, "f u c k", 0},
        {"spaces in a sentence", fuck, "what the f u c k!", 1, "f u c k", 9},
        {"dots and spaces", fuck, "f. u. c. k.", 1, "f. u. c. k", 0},
        {"spelled after a word", fuck, "a f u c k", 1, "f u c k", 2},
        {"hyphens", fuck, "what-the-fuck", 1, "fuck", 9},
        {"next to Hangul", fuck, "fuck시발", 1, "fuck", 0},
        {"Hangul space", sibal, "시 발", 5, "시 발", 0},
        {"Hangul dot", sibal, "시.발", 5, "시.발", 0},
        {"Hangul digit", sibal, "시1발", 5, "시1발", 0},
        {"Hangul emoji", sibal, "시\U0001F600발", 5, "시\U0001F600발", 0},
        {"Hangul inside a word", sibal, "이 시발놈아", 5, "시발", 4},
        // Initial consonants.
        {"initials", sibal, "ㅅㅂ", 5, "ㅅㅂ", 0},
        {"initials spaced", sibal, "ㅅ ㅂ", 5, "ㅅ ㅂ", 0},
        {"initials dotted", sibal, "ㅅ.ㅂ", 5, "ㅅ.ㅂ", 0},
        {"initials in laughter", sibal, "아 ㅋㅋㅅㅂ 진짜", 5, "ㅅㅂ", 10},
        {"initials rule", initials, "ㅅㅂ", 6, "ㅅㅂ", 0},
        {"initials rule spaced", initials, "ㅅ ㅂ", 6, "ㅅ ㅂ", 0},
        {"initials rule dotted", initials, "ㅅ.ㅂ", 6, "ㅅ.ㅂ", 0},
        {"initials rule, full syllables", initials, "시발", std::nullopt, "", 0},
        {"initials rule, watermelon", initials, "수박", std::nullopt, "", 0},
        {"bowl", sibal, "사발", std::nullopt, "", 0},
        {"other word", sibal, "씨발", std::nullopt, "", 0},
        {"initial then syllable", sibal, "ㅅ바", std::nullopt, "", 0},
        {"one syllable", {banned(9, "시")}, "시", 9, "시", 0},
        {"one syllable, not its initial", {banned(9, "시")}, "ㅅ", std::nullopt, "", 0},
        {"one syllable, whole syllables", {banned(9, "시")}, "십", std::nullopt, "", 0},
        // Short Latin words match whole words only; longer ones within one word.
        {"short inside a word", ass, "first class", std::nullopt, "", 0},
        {"short at a word start", ass, "assessment", std::nullopt, "", 0},
        {"Scunthorpe", {banned(4, "cunt")}, "Scunthorpe United", std::nullopt, "", 0},
        {"short across words", shit, "push it", std::nullopt, "", 0},
        {"short whole word", ass, "you (ass)", 3, "ass", 5},
        {"long inside a word", {banned(10, "fucker")}, "motherfucker", 10, "fucker", 6},
        {"long spelled out", {banned(10, "fucker")}, "f u c k e r", 10, "f u c k e r", 0},
        {"long across words", {banned(11, "penuts")}, "grape nuts", std::nullopt, "", 0},
        // Phrases match whole words, however they are spaced.
        {"phrase", {banned(12, "kill yourself")}, "go kill  your-self!", 12, "kill  your-self", 3},
        {"phrase run together",
         {banned(12, "kill yourself")},
         "killyourself",
         12,
         "killyourself",
         0},
        {"phrase inside a word",
         {banned(12, "kill yourself")},
         "skill yourself",
         std::nullopt,
         "",
         0},
        // Which rule wins.
        {"banned beats an earlier suspect",
         {suspect(20, "idiot"), banned(1, "fuck")},
         "idiot, fuck",
         1,
         "fuck",
         7},
        {"suspect when nothing is banned",
         {suspect(20, "idiot"), banned(1, "fuck")},
         "you idiot",
         20,
         "idiot",
         4},
        {"earliest banned", {banned(2, "shit"), banned(1, "fuck")}, "fuck this shit", 1, "fuck", 0},
        {"first listed on a tie", {banned(21, "fuck"), banned(22, "FUCK")}, "fuck", 21, "fuck", 0},
        {"nothing", {banned(1, "fuck"), suspect(20, "idiot")}, "a kind word", std::nullopt, "", 0},
        // "\x63" is "c": a hex escape would swallow a following "c".
        {"invalid UTF-8 is a separator", fuck, "f\xFFu\xFF\x63k", 1, "f\xFFu\xFF\x63k", 0},
    };
}

TEST(WordFilter, Table) {
    int count = 0;
    for (const Case& c : cases()) {
        SCOPED_TRACE(c.what);
        const WordFilter filter(c.rules);
        const std::optional<WordMatch> match = filter.check(c.comment);
        if (!c.rule_id) {
            EXPECT_FALSE(match) << "matched rule " << match->rule.id << " on \"" << match->matched
                                << "\"";
            ++count;
            continue;
        }
        ASSERT_TRUE(match) << c.comment;
        EXPECT_EQ(match->rule.id, *c.rule_id);
        EXPECT_EQ(match->matched, c.matched);
        EXPECT_EQ(match->offset, c.offset);
        EXPECT_EQ(c.comment.substr(match->offset, match->matched.size()), match->matched);
        ++count;
    }
    EXPECT_GT(count, 50);
}

TEST(WordFilter, ReportsTheWholeRule) {
    const WordFilter filter({suspect(42, " Idiot ")});
    const auto match = filter.check("what an IDIOT");
    ASSERT_TRUE(match);
    EXPECT_EQ(match->rule.id, 42);
    EXPECT_EQ(match->rule.word, " Idiot ");
    EXPECT_EQ(match->rule.list, WordList::kSuspect);
    ASSERT_EQ(filter.rules().size(), 1u);
}

TEST(WordFilter, EmptyFilterAndRulesWithoutLetters) {
    EXPECT_FALSE(WordFilter().check("fuck"));
    EXPECT_TRUE(WordFilter().rules().empty());
    const WordFilter filter({banned(1, "!!!"), banned(2, "2026"), banned(3, "")});
    EXPECT_FALSE(filter.check("!!! 2026"));
    EXPECT_FALSE(filter.check(""));
}

TEST(WordFilter, LeetRulesAndSkeletonRulesFoldLikeComments) {
    const WordFilter filter({banned(1, "sh1t"), banned(2, "ＣＵＮＴ")});
    EXPECT_EQ(filter.check("shit")->rule.id, 1);
    EXPECT_EQ(filter.check("$h1t")->rule.id, 1);
    EXPECT_EQ(filter.check("c.u.n.t")->rule.id, 2);
}

TEST(WordFilter, ManyThreadsShareOneFilter) {
    const WordFilter filter({banned(1, "fuck"), banned(5, "시발"), suspect(20, "idiot")});
    std::vector<std::thread> threads;
    std::vector<int> found(4, 0);
    threads.reserve(found.size());
    for (int& count : found) {
        threads.emplace_back([&filter, &count] {
            for (int i = 0; i < 200; ++i) {
                count += filter.check("ㅅ.ㅂ и f\u0443ck") ? 1 : 0;
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    for (const int n : found) {
        EXPECT_EQ(n, 200);
    }
}

TEST(WordFilter, FoldsToLettersOnly) {
    EXPECT_EQ(foldForMatching("ＦｕＣｋ"), "fuck");
    EXPECT_EQ(foldForMatching("f.u.c.k!"), "fuck");
    EXPECT_EQ(foldForMatching("sh1t 2026"), "shit");
    EXPECT_EQ(foldForMatching("Stra\u00dfe"), "strasse");
    EXPECT_EQ(foldForMatching("\u0440\u043e\u0440\u0435"), "pope");  // Cyrillic
    // A letter without a Latin look-alike stays itself.
    EXPECT_EQ(foldForMatching("\u0416\u0436"), "\u0436\u0436");
    // Hangul as conjoining jamo; initial consonants that stand alone as compatibility jamo.
    EXPECT_EQ(foldForMatching("시발"), "\u1109\u1175\u1107\u1161\u11af");
    EXPECT_EQ(foldForMatching("ㅅ.ㅂ"), "\u3145\u3142");
    EXPECT_EQ(foldForMatching("2026 년"), "\u1102\u1167\u11ab");
    EXPECT_EQ(foldForMatching(""), "");
}

TEST(CheckRuleWord, NormalisesForStorage) {
    EXPECT_EQ(*checkRuleWord("  시발 "), "시발");
    EXPECT_EQ(*checkRuleWord("e\u0301vil"), "\u00e9vil");  // NFC
    EXPECT_EQ(*checkRuleWord("\u3000fuck\t"), "fuck");
    EXPECT_EQ(*checkRuleWord("개 새끼"), "개 새끼");
    EXPECT_EQ(*checkRuleWord("sh1t"), "sh1t");
    EXPECT_EQ(*checkRuleWord("ㅅㅂ"), "ㅅㅂ");
    EXPECT_EQ(*checkRuleWord(std::string(40, 'a')), std::string(40, 'a'));
}

TEST(CheckRuleWord, RejectsWithAReason) {
    const auto message = [](std::string_view word) {
        const auto checked = checkRuleWord(word);
        EXPECT_FALSE(checked) << word;
        if (checked) {
            return std::string();
        }
        EXPECT_EQ(checked.error().code, ErrorCode::kInvalidInput);
        return checked.error().message;
    };
    EXPECT_EQ(message(""), "The word is empty.");
    EXPECT_EQ(message(" \t\u3000"), "The word is empty.");
    EXPECT_EQ(message("bad\nword"), "The word must be on one line.");
    EXPECT_EQ(message("bad\u2028word"), "The word must be on one line.");
    EXPECT_EQ(message("bell\x07"), "The word contains an invisible control character.");
    EXPECT_EQ(message(std::string(41, 'a')), "The word is 41 characters long; the limit is 40.");
    EXPECT_EQ(message(std::string(2000, 'a')), "The word is too long; the limit is 40 characters.");
    EXPECT_EQ(message("2026"), "The word must contain at least one letter.");
    EXPECT_EQ(message("$$ !!"), "The word must contain at least one letter.");
    EXPECT_EQ(message("bad \xFF byte"), "The word is not valid UTF-8 text (byte 5).");
}

/// 1,000 rules against a 250-character comment: well under 100 µs in a release build. Under
/// the sanitizers this only guards against something badly wrong.
TEST(WordFilter, ChecksQuickly) {
    std::mt19937 random(7);
    const auto pick = [&random](int n) {
        return static_cast<int>(random() % static_cast<unsigned>(n));
    };
    std::vector<WordRule> rules;
    for (int i = 0; i < 1000; ++i) {
        std::string word;
        if (i % 3 == 0) {
            const int syllables = 2 + pick(2);
            for (int s = 0; s < syllables; ++s) {
                const char32_t c = 0xAC00 + static_cast<char32_t>(pick(11172));
                word += static_cast<char>(0xE0 | (c >> 12));
                word += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
                word += static_cast<char>(0x80 | (c & 0x3F));
            }
        } else {
            const int letters = 3 + pick(8);
            for (int l = 0; l < letters; ++l) {
                word += static_cast<char>('a' + pick(26));
            }
        }
        rules.push_back(WordRule{i, word, i % 2 == 0 ? WordList::kBanned : WordList::kSuspect});
    }
    const WordFilter filter(std::move(rules));
    std::string comment =
        "오늘 기사 잘 읽었습니다. The reporting on the 2026 budget was thorough, "
        "특히 지방 재정 부분이 인상적이었어요. I would like to see a follow-up on "
        "housing prices in Seoul and Busan. 다음 기사도 기대할게요! 감사합니다 :) "
        "^^ 정말 좋은 글이네요";
    const int iterations = 2000;
    const auto start = std::chrono::steady_clock::now();
    // No rule matches, so every check reads the whole comment.
    const auto match = filter.check(comment);
    ASSERT_FALSE(match) << match->rule.word << " matched " << match->matched;
    int matched = 0;
    for (int i = 0; i < iterations; ++i) {
        matched += filter.check(comment) ? 1 : 0;
    }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    const double micros = std::chrono::duration<double, std::micro>(elapsed).count() / iterations;
    std::printf("check: %.1f us per comment of %zu bytes with 1000 rules (%d matched)\n", micros,
                comment.size(), matched);
    EXPECT_LT(micros, 5000.0);
}

}  // namespace
}  // namespace masthead::comments
