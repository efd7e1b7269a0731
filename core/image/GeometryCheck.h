#pragma once
#include <string>

#include "core/image/ImageGeometry.h"

namespace voxsiam::image {

/// What is wrong with a grid that did not come from a reader's checks (a stored label map, a
/// volume record): an empty or too large size, a spacing that is not finite or outside
/// (0, kMaxSpacingMm], an origin that is not finite, or axis directions that are not
/// orthonormal. Empty when the grid is usable.
std::string geometryProblem(const ImageGeometry& geometry);

}  // namespace voxsiam::image
