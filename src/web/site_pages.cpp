#include "web/site_pages.h"

namespace masthead::web {

http::Response SitePages::page(std::size_t index) const {
    const Page* found = &pages_.at(index);
    const auto tree = catalog_.sections();
    return http::Response::of(200, cache_.get("\x01" + found->path, tree->generation(), [&] {
        PageRenderer::PlainPage plain;
        plain.title = found->title;
        plain.description = found->description;
        plain.canonical_path = found->path;
        plain.body_class = "page-policy";
        plain.content = "<article class=\"policy\">\n" + found->html + "</article>\n";
        return http::Entity::make("text/html; charset=utf-8", renderer_.plain(*tree, plain),
                                  "public, max-age=300");
    }));
}

}  // namespace masthead::web
