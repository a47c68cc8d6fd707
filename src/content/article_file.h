#pragma once

#include <string_view>

#include "content/article.h"
#include "util/error.h"

namespace masthead::content {

/// An article file's content, and where in the file its address comes from.
struct ArticleFile {
    ArticleInput article;
    int slug_line = 1;  ///< the "slug" line, or the "headline" line when the slug is derived
};

/// Parses one article file: YAML front matter between two `---` lines, then a Markdown body.
/// On failure the Error's message reads "FILE:LINE: what is wrong", naming the first problem
/// found (invalid UTF-8, missing or unclosed front matter, YAML syntax, unknown or duplicate
/// key, missing required field, bad date, bad slug, empty body). See docs/importing.md.
[[nodiscard]] Result<ArticleFile> parseArticleFile(std::string_view file_name,
                                                   std::string_view bytes);

}  // namespace masthead::content
