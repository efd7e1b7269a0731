#pragma once
#include <torch/torch.h>

namespace voxsiam::learn {

/// conv3d(upsample_nearest(coarse, ×2), weight, padding 1), computed without the upsampled
/// tensor: a 3×3×3 kernel applied to a nearest-neighbour ×2 upsampling sees, at each of the eight
/// output parities, only 2×2×2 distinct coarse voxels, so each parity is a 2×2×2 convolution of
/// the coarse tensor with taps summed from `weight` (8 instead of 27 multiply-adds per voxel and
/// input channel). Same result up to rounding, differentiable in both arguments.
/// `coarse`: N × Cin × D × H × W; `weight`: Cout × Cin × 3 × 3 × 3; result N × Cout × 2D × 2H × 2W.
torch::Tensor convOfNearestUpsampled(const torch::Tensor& coarse, const torch::Tensor& weight);

}  // namespace voxsiam::learn
