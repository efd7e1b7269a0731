#pragma once
#include <cstdint>
#include <random>
#include <vector>

namespace voxsiam::learn {

/// Limits of the voxel sampler of one feature layer (DESIGN.md §2).
struct SamplerLimits {
  std::size_t maxSamples = 1700;
  std::size_t maxFalseNegatives = 1000;
};

/// Picks the voxels whose features enter the feature loss, pooled over the batch: first up to
/// `maxFalseNegatives` false negatives (true class an organ, predicted otherwise), then the rest
/// up to `maxSamples`; each part balanced across the classes present (each class gets an equal
/// share, a class with fewer candidates gives its unused share to the others).
/// `labels` and `predictions` hold one class per voxel; returns indices into them.
std::vector<int64_t> sampleVoxels(const std::vector<int64_t>& labels,
                                  const std::vector<int64_t>& predictions, int64_t classes,
                                  const SamplerLimits& limits, std::mt19937_64& random);

/// Takes up to `quota` items from the per-class lists, in equal shares (round by round).
std::vector<int64_t> takeBalanced(const std::vector<std::vector<int64_t>>& byClass,
                                  std::size_t quota);

}  // namespace voxsiam::learn
