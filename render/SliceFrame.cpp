#include "render/SliceFrame.h"

#include <cmath>

namespace voxsiam::render {
namespace {

/// For each image axis: the patient axis (0 L, 1 P, 2 S) it runs closest to, and its sign.
struct AxisMap {
  std::array<int, 3> patientAxis{};
  std::array<bool, 3> negative{};
};

AxisMap mapAxes(const image::ImageGeometry& geometry) {
  AxisMap map;
  for (int axis = 0; axis < 3; ++axis) {
    int best = 0;
    for (int row = 1; row < 3; ++row) {
      if (std::fabs(geometry.direction[row * 3 + axis]) >
          std::fabs(geometry.direction[best * 3 + axis]))
        best = row;
    }
    map.patientAxis[axis] = best;
    map.negative[axis] = geometry.direction[best * 3 + axis] < 0;
  }
  return map;
}

int imageAxisFor(const AxisMap& map, int patientAxis) {
  for (int axis = 0; axis < 3; ++axis) {
    if (map.patientAxis[axis] == patientAxis) return axis;
  }
  return patientAxis;
}

}  // namespace

SliceFrame SliceFrame::of(ViewOrientation orientation, const image::ImageGeometry& geometry) {
  const AxisMap map = mapAxes(geometry);
  const int left = imageAxisFor(map, 0), posterior = imageAxisFor(map, 1);
  const int superior = imageAxisFor(map, 2);
  SliceFrame frame;
  switch (orientation) {
    case ViewOrientation::Axial:
      frame.normalAxis = superior, frame.uAxis = left, frame.vAxis = posterior;
      frame.flipU = map.negative[left], frame.flipV = map.negative[posterior];
      break;
    case ViewOrientation::Coronal:
      frame.normalAxis = posterior, frame.uAxis = left, frame.vAxis = superior;
      frame.flipU = map.negative[left], frame.flipV = !map.negative[superior];
      break;
    case ViewOrientation::Sagittal:
      frame.normalAxis = left, frame.uAxis = posterior, frame.vAxis = superior;
      frame.flipU = map.negative[posterior], frame.flipV = !map.negative[superior];
      break;
  }
  frame.width = geometry.size[frame.uAxis];
  frame.height = geometry.size[frame.vAxis];
  frame.spacingU = geometry.spacing[frame.uAxis];
  frame.spacingV = geometry.spacing[frame.vAxis];
  frame.sliceCount = geometry.size[frame.normalAxis];
  return frame;
}

std::array<std::size_t, 3> SliceFrame::voxel(std::size_t u, std::size_t v,
                                             std::size_t slice) const {
  std::array<std::size_t, 3> ijk{};
  ijk[normalAxis] = slice;
  ijk[uAxis] = flipU ? width - 1 - u : u;
  ijk[vAxis] = flipV ? height - 1 - v : v;
  return ijk;
}

std::array<std::size_t, 2> SliceFrame::pixel(const std::array<std::size_t, 3>& voxel) const {
  return {flipU ? width - 1 - voxel[uAxis] : voxel[uAxis],
          flipV ? height - 1 - voxel[vAxis] : voxel[vAxis]};
}

}  // namespace voxsiam::render
