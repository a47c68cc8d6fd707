#pragma once

#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

#include "util/embedded.h"
#include "util/error.h"

namespace masthead::web {

using TemplateData = kainjow::mustache::data;

/// Sets `key` of the object `d` to `value`, moved in. kainjow's own `set` copies the value
/// twice (deeply, for lists and objects): on an article page that copying was 7% of the
/// time. Pass lists and objects built for the call with std::move.
inline void put(TemplateData& d, const std::string& key, TemplateData value) {
    d[key] = std::move(value);
}

/// The page templates (src/web/templates/*.mustache, compiled into the binary). Mustache
/// escapes every `{{value}}` for HTML; `{{{value}}}` is used only for HTML that Masthead
/// itself produced (rendered Markdown, inner templates, JSON-LD). Thread-safe.
class Templates {
  public:
    /// Compiles every template; fails naming the first that does not parse.
    [[nodiscard]] static Result<std::unique_ptr<Templates>> compile(
        std::span<const EmbeddedFile> files);

    /// Renders "article" (the file article.mustache). A missing name is a bug.
    [[nodiscard]] std::string render(std::string_view name, const TemplateData& data) const;

  private:
    struct Compiled {
        std::unique_ptr<kainjow::mustache::mustache> tmpl;
        std::unique_ptr<std::mutex> mutex;  // kainjow's render() is not const
    };
    std::map<std::string, Compiled, std::less<>> templates_;
};

}  // namespace masthead::web
