#pragma once
#include <torch/torch.h>

#include <array>
#include <cstdint>
#include <vector>

namespace voxsiam::learn {

/// The one bridge between voxel arrays and tensors. Voxels are stored with i fastest, then j,
/// then k (ITK's and the project's order); a tensor of a grid is D × H × W = k × j × i.

/// A D × H × W view of `voxels` (no copy: the tensor is valid while `voxels` lives) of a grid of
/// `sizeIjk` voxels. Throws std::invalid_argument when the counts differ.
torch::Tensor gridView(const std::vector<float>& voxels, const std::array<int64_t, 3>& sizeIjk);
/// The same for 8-bit labels.
torch::Tensor gridView(const std::vector<uint8_t>& voxels, const std::array<int64_t, 3>& sizeIjk);

/// The voxels of a float tensor in its memory order (made contiguous and brought to the CPU).
std::vector<float> floatVoxels(const torch::Tensor& tensor);

}  // namespace voxsiam::learn
