#pragma once

#include <cstdint>
#include <initializer_list>

namespace masthead::web {

/// When a cached page is stale. A page is cached under one generation made of the versions
/// of everything it shows; when any of them moves, the generation differs, the cached copy
/// is a miss and the page is rendered again. What each page shows:
///
/// - an article: the section tree, the article's id and revision, the ranking, and its comment
///   section (CommentSection::version: the thread's version, and whether it is closed);
/// - a section front, the home page: the section tree, the front's list version, the ranking,
///   the comment counts;
/// - a print view: the section tree, the article's id and revision;
/// - a comment thread page: the section tree, the article's id and revision, the thread's
///   version;
/// - an error or fixed page: the section tree (the navigation).
///
/// The versions come from their owners: content::SectionTree::generation, Article::revision,
/// content::Catalog::listVersion, popularity::RankingSnapshot::generation,
/// comments::CommentService::version and countsGeneration.
[[nodiscard]] constexpr std::uint64_t pageGeneration(
    std::initializer_list<std::uint64_t> versions) {
    // Each version mixed in with a multiply-xorshift step (SplitMix64's finalizer): two lists
    // that differ anywhere give different generations but for a 2^-64 chance.
    std::uint64_t h = 0x9E3779B97F4A7C15ULL;
    for (std::uint64_t v : versions) {
        h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6U) + (h >> 2U);
        h = (h ^ (h >> 30U)) * 0xBF58476D1CE4E5B9ULL;
        h = (h ^ (h >> 27U)) * 0x94D049BB133111EBULL;
        h ^= h >> 31U;
    }
    return h;
}

}  // namespace masthead::web
