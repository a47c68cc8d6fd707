#include "web/templates.h"

#include "util/check.h"

namespace masthead::web {

Result<std::unique_ptr<Templates>> Templates::compile(std::span<const EmbeddedFile> files) {
    auto out = std::make_unique<Templates>();
    for (const EmbeddedFile& f : files) {
        std::string_view name = f.path;
        if (!name.ends_with(".mustache")) {
            continue;
        }
        name.remove_suffix(std::string_view(".mustache").size());
        auto tmpl = std::make_unique<kainjow::mustache::mustache>(std::string(f.bytes));
        if (!tmpl->is_valid()) {
            return fail(
                Error::internal("template " + std::string(f.path) + ": " + tmpl->error_message()));
        }
        out->templates_.emplace(std::string(name),
                                Compiled{std::move(tmpl), std::make_unique<std::mutex>()});
    }
    return out;
}

std::string Templates::render(std::string_view name, const TemplateData& data) const {
    const auto it = templates_.find(name);
    MASTHEAD_CHECK(it != templates_.end(), "templates named in code exist");
    std::lock_guard lock(*it->second.mutex);
    return it->second.tmpl->render(data);
}

}  // namespace masthead::web
