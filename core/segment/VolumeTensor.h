#pragma once
#include <torch/torch.h>

#include "core/image/Image3D.h"

namespace voxsiam::segment {

/// A D × H × W float view of the voxels of `volume` (no copy: valid while `volume` lives).
torch::Tensor volumeView(const image::Volume& volume);

/// The grid size of `volume` along i, j, k as tensor sizes.
std::array<int64_t, 3> sizeOf(const image::Volume& volume);

}  // namespace voxsiam::segment
