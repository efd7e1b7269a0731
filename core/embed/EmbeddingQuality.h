#pragma once
#include <cstddef>
#include <vector>

namespace voxsiam::embed {

/// Leave-one-out k-nearest-neighbour accuracy of `labels` in a 2-D embedding (n points, x and y
/// interleaved): the share of points whose k nearest others mostly carry their label.
double knnAccuracy(const std::vector<double>& xy, const std::vector<int>& labels, int k = 10);

/// Mean silhouette of the grouping `labels` in a 2-D embedding (Euclidean), in -1..1; 0 when
/// there are fewer than two groups.
double silhouette(const std::vector<double>& xy, const std::vector<int>& labels);

}  // namespace voxsiam::embed
