#include "web/static_assets.h"

#include "util/check.h"
#include "util/text.h"

namespace masthead::web {
namespace {

std::string contentTypeOf(std::string_view name) {
    if (name.ends_with(".css")) {
        return "text/css; charset=utf-8";
    }
    if (name.ends_with(".js")) {
        return "application/javascript; charset=utf-8";
    }
    if (name.ends_with(".svg")) {
        return "image/svg+xml";
    }
    if (name.ends_with(".png")) {
        return "image/png";
    }
    if (name.ends_with(".ico")) {
        return "image/x-icon";
    }
    if (name.ends_with(".txt")) {
        return "text/plain; charset=utf-8";
    }
    return "application/octet-stream";
}

}  // namespace

StaticAssets::StaticAssets(std::span<const EmbeddedFile> files) {
    for (const EmbeddedFile& f : files) {
        const std::string name(f.path);
        const auto dot = name.rfind('.');
        const std::string hash = text::fingerprint(f.bytes).substr(0, 12);
        std::string hashed = dot == std::string::npos ? name : name.substr(0, dot);
        hashed.append(".").append(hash);
        if (dot != std::string::npos) {
            hashed.append(name, dot);
        }
        hashed_name_[name] = hashed;
        by_hashed_[hashed] = http::Entity::make(contentTypeOf(name), std::string(f.bytes),
                                                "public, max-age=31536000, immutable");
        by_name_[name] =
            http::Entity::make(contentTypeOf(name), std::string(f.bytes), "public, max-age=86400");
    }
}

std::string StaticAssets::url(std::string_view name) const {
    const auto it = hashed_name_.find(name);
    MASTHEAD_CHECK(it != hashed_name_.end(), "static assets named in code exist");
    return "/static/" + it->second;
}

std::shared_ptr<const http::Entity> StaticAssets::byHashedName(std::string_view file) const {
    const auto it = by_hashed_.find(file);
    return it == by_hashed_.end() ? nullptr : it->second;
}

std::shared_ptr<const http::Entity> StaticAssets::byName(std::string_view name) const {
    const auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : it->second;
}

}  // namespace masthead::web
