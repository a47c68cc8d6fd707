#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace masthead::content {

/// Renders GitHub-flavoured Markdown (tables, strikethrough, autolinks) to HTML with
/// typographic quotes. Raw HTML in the source is not rendered (it becomes a comment) and
/// unsafe link schemes (javascript:, data:) are dropped, so the output is safe to embed.
/// Thread-safe.
[[nodiscard]] std::string renderMarkdown(std::string_view markdown);

/// The plain text of the first paragraph, cut at a word boundary to at most `max_chars`
/// bytes with "…" appended when cut. Used as the summary when an article has none.
[[nodiscard]] std::string firstParagraphText(std::string_view markdown, std::size_t max_chars);

/// Both of the above from one parse (an import renders thousands of articles a second).
struct RenderedMarkdown {
    std::string html;
    std::string summary;  ///< firstParagraphText's
};
[[nodiscard]] RenderedMarkdown renderWithSummary(std::string_view markdown, std::size_t max_chars);

}  // namespace masthead::content
