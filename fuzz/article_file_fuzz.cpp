// libFuzzer target: the front matter + Markdown article parser must never crash, and a file it
// accepts must have the fields the importer relies on.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "content/article_file.h"
#include "util/check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto parsed = masthead::content::parseArticleFile("fuzz.md", bytes);
    if (parsed) {
        MASTHEAD_CHECK(!parsed->article.headline.empty(), "an accepted file has a headline");
        MASTHEAD_CHECK(!parsed->article.section_names.empty(), "an accepted file has a section");
        MASTHEAD_CHECK(!parsed->article.slug.empty(), "an accepted file has a slug");
    } else {
        MASTHEAD_CHECK(parsed.error().message.starts_with("fuzz.md:"), "errors name the file");
    }
    return 0;
}
