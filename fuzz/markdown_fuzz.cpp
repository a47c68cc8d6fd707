// libFuzzer target: Markdown rendering never crashes and never lets raw HTML through.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "content/markdown.h"
#include "util/check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view markdown(reinterpret_cast<const char*>(data), size);
    const std::string html = masthead::content::renderMarkdown(markdown);
    MASTHEAD_CHECK(html.find("<script") == std::string::npos, "no raw <script> in the output");
    // The words may appear as text; what must never appear is a link that runs them.
    MASTHEAD_CHECK(html.find("href=\"javascript:") == std::string::npos, "no javascript: links");
    (void)masthead::content::firstParagraphText(markdown, 120);
    return 0;
}
