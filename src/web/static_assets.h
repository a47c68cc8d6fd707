#pragma once

#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "http/message.h"
#include "util/embedded.h"

namespace masthead::web {

/// The files under src/web/static/, compiled into the binary and served at content-hashed
/// addresses (/static/masthead.3f2a9c1d0b7e.css) with `Cache-Control: immutable`, so a
/// browser keeps them until they change and a change gets a new address. Immutable.
class StaticAssets {
  public:
    explicit StaticAssets(std::span<const EmbeddedFile> files);

    /// "/static/masthead.<hash>.css" for "masthead.css"; a missing name is a bug.
    [[nodiscard]] std::string url(std::string_view name) const;
    /// The asset for a hashed file name, or null.
    [[nodiscard]] std::shared_ptr<const http::Entity> byHashedName(std::string_view file) const;
    /// The asset under its plain name (favicon.ico fallbacks), or null.
    [[nodiscard]] std::shared_ptr<const http::Entity> byName(std::string_view name) const;

  private:
    std::map<std::string, std::string, std::less<>> hashed_name_;  // plain -> hashed
    std::map<std::string, std::shared_ptr<const http::Entity>, std::less<>> by_hashed_;
    std::map<std::string, std::shared_ptr<const http::Entity>, std::less<>> by_name_;
};

}  // namespace masthead::web
