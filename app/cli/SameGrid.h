#pragma once
#include <string>

#include "core/image/ImageGeometry.h"

namespace voxsiam::cli {

/// Throws image::InputError naming `path` when `grid` is not `reference`'s (read from
/// `referencePath`): label maps and seeds must lie on their CT's grid.
void requireSameGrid(const std::string& path, const image::ImageGeometry& grid,
                     const std::string& referencePath, const image::ImageGeometry& reference);

}  // namespace voxsiam::cli
