#pragma once
#include <string>

namespace voxsiam::cli {

/// Writes `text` to `path` through a temporary file and a rename, so `path` is either the old
/// file or the complete new one. Throws image::InputError naming `path` on failure.
void writeTextAtomically(const std::string& path, const std::string& text);

}  // namespace voxsiam::cli
