#pragma once

#include <span>
#include <string_view>

namespace masthead {

/// A file compiled into the binary by masthead_embed() (cmake/Masthead.cmake).
struct EmbeddedFile {
    std::string_view path;  ///< relative to the embedded folder, with '/' separators
    std::string_view bytes;
};

}  // namespace masthead
