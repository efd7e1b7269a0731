#pragma once
#include <cstdint>
#include <random>
#include <vector>

namespace voxsiam::learn {

/// Limits and choices of the voxel sampler of one feature layer (DESIGN.md §2).
struct SamplerLimits {
  std::size_t maxSamples = 1700;
  std::size_t maxFalseNegatives = 1000;
  bool hardBackground = false;  ///< background voxels predicted as an organ count as missed
  bool balanced = true;         ///< false: drawn at random, in the classes' proportions
};

/// Picks the voxels whose features enter the feature loss, pooled over the batch: first up to
/// `maxFalseNegatives` missed voxels (true class an organ, predicted otherwise; with
/// hardBackground also background predicted as an organ), then the rest up to `maxSamples`; when
/// balanced each part is shared equally across the classes present (a class with fewer
/// candidates gives its unused share to the others). `labels` and `predictions` hold one class
/// per voxel; labels outside 0..classes−1 (kIgnoreLabel) are never picked. Returns indices.
std::vector<int64_t> sampleVoxels(const std::vector<int64_t>& labels,
                                  const std::vector<int64_t>& predictions, int64_t classes,
                                  const SamplerLimits& limits, std::mt19937_64& random);

/// Takes up to `quota` items from the per-class lists, in equal shares (round by round).
std::vector<int64_t> takeBalanced(const std::vector<std::vector<int64_t>>& byClass,
                                  std::size_t quota);

}  // namespace voxsiam::learn
