#pragma once
#include <array>
#include <cstddef>

#include "core/image/Image3D.h"

namespace voxsiam::image {

/// A box of voxels: first voxel and extent per axis.
struct VoxelBox {
  std::array<std::size_t, 3> low{0, 0, 0};
  std::array<std::size_t, 3> size{0, 0, 0};
};

/// Bounding box of the body: the largest 6-connected component of voxels above `thresholdHu`
/// (default −500 HU, DESIGN.md §2). The whole image when no voxel is above the threshold.
VoxelBox findBodyBox(const Volume& ct, float thresholdHu = -500.f);

}  // namespace voxsiam::image
