#pragma once
#include <array>
#include <cstddef>

#include "core/image/ImageGeometry.h"

namespace voxsiam::edit {

/// The slices normal to one image axis: in-slice coordinates (a, b) are the other two axes in
/// increasing order (axis 2: a = i, b = j), so that a slice's pixels are indexed a + b * width.
struct SlicePlane {
  int axis = 2;
  int axisA = 0;  ///< the image axis of the first in-slice coordinate
  int axisB = 1;  ///< the image axis of the second
  std::size_t width = 0, height = 0, slices = 0;

  /// The image axes of the in-slice coordinates (a, b) of slices normal to `axis`.
  static std::array<int, 2> inPlaneAxes(int axis) { return {axis == 0 ? 1 : 0, axis == 2 ? 1 : 2}; }
  /// The slices of `geometry` normal to `axis` (0, 1 or 2).
  static SlicePlane of(const image::ImageGeometry& geometry, int axis) {
    SlicePlane plane;
    plane.axis = axis;
    plane.axisA = inPlaneAxes(axis)[0];
    plane.axisB = inPlaneAxes(axis)[1];
    plane.width = geometry.size[plane.axisA];
    plane.height = geometry.size[plane.axisB];
    plane.slices = geometry.size[axis];
    return plane;
  }
  /// The voxel at pixel (a, b) of slice `slice`.
  std::array<std::size_t, 3> voxel(std::size_t a, std::size_t b, std::size_t slice) const {
    std::array<std::size_t, 3> at{};
    at[axis] = slice, at[axisA] = a, at[axisB] = b;
    return at;
  }
};

}  // namespace voxsiam::edit
