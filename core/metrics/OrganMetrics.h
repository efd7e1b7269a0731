#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace voxsiam::metrics {

/// Agreement of a predicted and a reference mask of one label (DESIGN.md §3). Dice is absent
/// when both masks are empty; HD95 and ASSD (mm) are absent when either mask is empty.
struct OrganMetrics {
  std::uint16_t label = 0;
  std::size_t predictedVoxels = 0;
  std::size_t referenceVoxels = 0;
  std::optional<double> dice;
  std::optional<double> hd95;
  std::optional<double> assd;
};

/// Means over the organs where each metric is defined; absent when it is defined for none.
struct MeanMetrics {
  std::optional<double> dice;
  std::optional<double> hd95;
  std::optional<double> assd;
};

/// Means of `organs` per metric, skipping undefined values.
MeanMetrics meanOf(const std::vector<OrganMetrics>& organs);

/// The q-quantile (0..1) of `values` with linear interpolation between order statistics
/// (numpy's default). `values` must not be empty; it is reordered.
double linearPercentile(std::vector<double>& values, double q);

}  // namespace voxsiam::metrics
