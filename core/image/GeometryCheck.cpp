#include "core/image/GeometryCheck.h"

#include <cmath>

namespace voxsiam::image {
namespace {

bool orthonormal(const ImageGeometry& geometry) {
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) {
      double dot = 0;
      for (int row = 0; row < 3; ++row)
        dot += geometry.direction[3 * row + a] * geometry.direction[3 * row + b];
      if (!(std::fabs(dot - (a == b ? 1.0 : 0.0)) <= 1e-3)) return false;
    }
  return true;
}

}  // namespace

std::string geometryProblem(const ImageGeometry& geometry) {
  long double voxels = 1;
  for (std::size_t extent : geometry.size) voxels *= extent;
  if (voxels == 0) return "an empty grid";
  if (voxels > static_cast<long double>(kMaxVoxels)) return "a grid larger than the voxel limit";
  for (double spacing : geometry.spacing)
    if (!std::isfinite(spacing) || !(spacing > 0) || spacing > kMaxSpacingMm)
      return "an invalid voxel spacing";
  for (double origin : geometry.origin)
    if (!std::isfinite(origin)) return "an origin that is not finite";
  if (!orthonormal(geometry)) return "axis directions that are not orthonormal";
  return {};
}

}  // namespace voxsiam::image
