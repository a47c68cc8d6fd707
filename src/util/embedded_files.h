#pragma once

#include <span>

#include "util/embedded.h"

/// Folders compiled into the binary (cmake/embed.cmake), by the module that owns them.
namespace masthead::assets {

std::span<const EmbeddedFile> webTemplates();  ///< src/web/templates/*.mustache
std::span<const EmbeddedFile> webStatic();     ///< src/web/static/*
std::span<const EmbeddedFile> webPages();      ///< src/web/pages/*.md
std::span<const EmbeddedFile> demoArticles();  ///< content/demo/*.md

}  // namespace masthead::assets
