#include "web/page_cache.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace masthead::web {
namespace {

/// A cached value that counts how often it was improved.
struct Counted {
    int improvements = 0;
};
std::size_t cachedBytes(const Counted&) { return 100; }
std::shared_ptr<const Counted> improved(const Counted& c) {
    return std::make_shared<const Counted>(Counted{c.improvements + 1});
}

TEST(GenerationCache, ImprovesAnEntryOnceWhenItHasBeenReadOften) {
    GenerationCache<Counted> cache(1 << 20);
    int renders = 0;
    const auto render = [&] {
        ++renders;
        return std::make_shared<const Counted>();
    };
    EXPECT_EQ(cache.get("page", 1, render)->improvements, 0);
    for (std::uint32_t read = 1; read < GenerationCache<Counted>::kImproveAfter; ++read) {
        EXPECT_EQ(cache.get("page", 1, render)->improvements, 0) << "read " << read;
    }
    EXPECT_EQ(cache.get("page", 1, render)->improvements, 1) << "the read that improves it";
    for (int read = 0; read < 100; ++read) {
        EXPECT_EQ(cache.get("page", 1, render)->improvements, 1) << "improved only once";
    }
    EXPECT_EQ(renders, 1);
    EXPECT_EQ(cache.get("page", 2, render)->improvements, 0) << "another generation is a miss";
    EXPECT_EQ(renders, 2);
}

}  // namespace
}  // namespace masthead::web
