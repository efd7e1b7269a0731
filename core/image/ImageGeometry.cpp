#include "core/image/ImageGeometry.h"

#include <cmath>

namespace voxsiam::image {

std::array<double, 3> ImageGeometry::indexToPhysical(const std::array<double, 3>& index) const {
  std::array<double, 3> point = origin;
  for (int row = 0; row < 3; ++row)
    for (int col = 0; col < 3; ++col)
      point[row] += direction[row * 3 + col] * spacing[col] * index[col];
  return point;
}

std::array<double, 3> ImageGeometry::physicalToIndex(const std::array<double, 3>& point) const {
  // The direction matrix is orthonormal, so its inverse is its transpose.
  std::array<double, 3> index{0, 0, 0};
  for (int col = 0; col < 3; ++col) {
    double projection = 0;
    for (int row = 0; row < 3; ++row)
      projection += direction[row * 3 + col] * (point[row] - origin[row]);
    index[col] = projection / spacing[col];
  }
  return index;
}

bool ImageGeometry::sameGrid(const ImageGeometry& other, double tolerance) const {
  if (size != other.size) return false;
  const double minSpacing = std::fmin(spacing[0], std::fmin(spacing[1], spacing[2]));
  for (int axis = 0; axis < 3; ++axis) {
    if (std::fabs(spacing[axis] - other.spacing[axis]) > tolerance * spacing[axis]) return false;
    if (std::fabs(origin[axis] - other.origin[axis]) > tolerance * minSpacing * 10) return false;
  }
  for (int e = 0; e < 9; ++e)
    if (std::fabs(direction[e] - other.direction[e]) > tolerance) return false;
  return true;
}

}  // namespace voxsiam::image
