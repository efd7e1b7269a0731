#pragma once
#include <torch/torch.h>

#include <random>
#include <vector>

#include "core/learn/TrainingConfig.h"

namespace voxsiam::learn {

/// A training batch on the CPU: images N × 1 × D × H × W, labels N × D × H × W (int64).
struct Batch {
  torch::Tensor images;
  torch::Tensor labels;
};

/// Draws training batches: whole volumes (fixed grid) or patches (target-spacing mode) centred on
/// a foreground voxel with probability `foregroundOversampling`, then augmented with a small
/// random affine (rotation and isotropic scale as configured; no flips: left and right organs are
/// distinct classes) and intensity scale, shift and noise.
class BatchSource {
 public:
  BatchSource(const std::vector<TrainingVolume>& volumes, const TrainingConfig& config);

  /// The next batch; `random` decides which volumes, where and how to augment.
  Batch next(std::mt19937_64& random);
  /// Number of volumes.
  std::size_t size() const { return images_.size(); }

 private:
  std::pair<torch::Tensor, torch::Tensor> crop(std::size_t volume, std::mt19937_64& random) const;
  Batch augment(Batch batch, std::mt19937_64& random) const;

  TrainingConfig config_;
  std::vector<torch::Tensor> images_;             // 1 × D × H × W
  std::vector<torch::Tensor> labels_;             // D × H × W (uint8)
  std::vector<std::vector<int64_t>> foreground_;  // linear indices of organ voxels (subsampled)
};

/// Pads a D × H × W (or C × D × H × W) tensor at the high end to at least `minimum` (D, H, W),
/// with `value` or, when `replicateEdges`, with copies of the edge voxels (so a thin slab of a
/// real scan reads as a thicker one instead of a slab floating in air).
torch::Tensor padToAtLeast(const torch::Tensor& volume, const std::array<int64_t, 3>& minimumDhw,
                           double value, bool replicateEdges = false);

}  // namespace voxsiam::learn
