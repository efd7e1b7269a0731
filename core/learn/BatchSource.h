#pragma once
#include <torch/torch.h>

#include <random>
#include <vector>

#include "core/learn/TrainingConfig.h"

namespace voxsiam::learn {

/// A training batch on the CPU: images N × 1 × D × H × W, labels N × D × H × W (int64; voxels
/// that no loss may count hold kIgnoreLabel).
struct Batch {
  torch::Tensor images;
  torch::Tensor labels;
  /// N × K (float, 1 = annotated) when some volume is partly labelled; undefined otherwise.
  torch::Tensor annotated;
};

/// Draws training batches: whole volumes (fixed grid) or patches (target-spacing mode) centred on
/// a foreground voxel with probability `foregroundOversampling`. Augmentation (rotation and
/// isotropic scale composed in millimetres, so rigid on anisotropic grids; no flips: left and
/// right organs are distinct classes) samples every output voxel from the whole source volume,
/// so no label is invented at a patch edge; voxels whose source lies outside the volume (or in
/// the padding of a volume smaller than the patch) are labelled kIgnoreLabel. Then intensity
/// scale, shift and noise. Every random choice comes from the generator passed to next(), so
/// two runs given the same generators see the same batches whatever else they draw.
class BatchSource {
 public:
  BatchSource(const std::vector<TrainingVolume>& volumes, const TrainingConfig& config);

  /// The next batch; `random` decides which volumes, where and how to augment.
  Batch next(std::mt19937_64& random);
  /// Number of volumes.
  std::size_t size() const { return images_.size(); }

 private:
  /// Start (D, H, W) of a block of `block` voxels in `volume`, centred on an organ voxel with
  /// probability foregroundOversampling, else anywhere.
  std::array<int64_t, 3> blockStart(std::size_t volume, const std::array<int64_t, 3>& block,
                                    std::mt19937_64& random) const;
  std::pair<torch::Tensor, torch::Tensor> cropped(std::size_t volume,
                                                  const std::array<int64_t, 3>& start,
                                                  const std::array<int64_t, 3>& block) const;
  std::pair<torch::Tensor, torch::Tensor> warped(std::size_t volume,
                                                 const std::array<int64_t, 3>& start,
                                                 const std::array<int64_t, 3>& block,
                                                 std::mt19937_64& random) const;
  void changeIntensities(torch::Tensor& image, std::mt19937_64& random) const;
  std::array<int64_t, 3> blockOf(std::size_t volume) const;

  TrainingConfig config_;
  std::vector<torch::Tensor> images_;             // 1 × D × H × W
  std::vector<torch::Tensor> labels_;             // D × H × W (uint8)
  std::vector<std::array<double, 3>> spacing_;    // mm along D, H, W
  std::vector<std::vector<int64_t>> foreground_;  // linear indices of organ voxels (subsampled)
  std::vector<torch::Tensor> annotated_;          // K per volume (1 = annotated)
  bool anyPartial_ = false;
};

/// The K annotation flags of `volume` as a float tensor (1 = annotated; all 1 when it lists
/// none).
torch::Tensor annotationOf(const TrainingVolume& volume, int64_t classes);

/// Pads a D × H × W (or C × D × H × W) tensor at the high end to at least `minimum` (D, H, W),
/// with `value` or, when `replicateEdges`, with copies of the edge voxels (so a thin slab of a
/// real scan reads as a thicker one instead of a slab floating in air).
torch::Tensor padToAtLeast(const torch::Tensor& volume, const std::array<int64_t, 3>& minimumDhw,
                           double value, bool replicateEdges = false);

}  // namespace voxsiam::learn
