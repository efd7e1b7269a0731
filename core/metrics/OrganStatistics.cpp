#include "core/metrics/OrganStatistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "core/image/SeparableFilter.h"

namespace voxsiam::metrics {
namespace {

struct Sums {
  std::size_t voxels = 0;
  double sum = 0, squares = 0;
  double minimum = std::numeric_limits<double>::infinity();
  double maximum = -std::numeric_limits<double>::infinity();
  std::array<double, 3> index{};
  std::array<std::size_t, 3> low{}, high{};
};

/// Area of the surface of `label` within [low, high) (grown by a margin): see organStatistics.
double surfaceArea(const image::LabelMap& labels, std::uint16_t label,
                   std::array<std::size_t, 3> low, std::array<std::size_t, 3> high) {
  const auto& geometry = labels.geometry();
  const auto& spacing = geometry.spacing;
  const double sigma = 0.5 * std::max({spacing[0], spacing[1], spacing[2]});
  std::array<std::size_t, 3> extent{};
  for (int axis = 0; axis < 3; ++axis) {
    const auto margin = std::size_t(std::ceil(3 * sigma / spacing[axis])) + 2;
    low[axis] = low[axis] > margin ? low[axis] - margin : 0;
    high[axis] = std::min(geometry.size[axis], high[axis] + margin);
    extent[axis] = high[axis] - low[axis];
  }
  std::vector<unsigned char> inside(extent[0] * extent[1] * extent[2]);
  std::size_t local = 0;
  for (std::size_t k = 0; k < extent[2]; ++k)
    for (std::size_t j = 0; j < extent[1]; ++j)
      for (std::size_t i = 0; i < extent[0]; ++i, ++local)
        inside[local] = labels[geometry.linearIndex(low[0] + i, low[1] + j, low[2] + k)] == label;
  std::vector<float> smooth(inside.begin(), inside.end());
  image::convolveSeparable(smooth, extent, image::gaussianKernels(spacing, sigma));
  const std::size_t strides[3] = {1, extent[0], extent[0] * extent[1]};
  const auto gradient = [&](std::size_t at, const std::size_t(&voxel)[3]) {
    std::array<double, 3> g{};
    for (int axis = 0; axis < 3; ++axis) {
      const bool back = voxel[axis] > 0, ahead = voxel[axis] + 1 < extent[axis];
      const double lower = back ? smooth[at - strides[axis]] : smooth[at];
      const double upper = ahead ? smooth[at + strides[axis]] : smooth[at];
      g[axis] = (upper - lower) / ((double(back) + double(ahead)) * spacing[axis]);
    }
    return g;
  };
  const double faceArea[3] = {spacing[1] * spacing[2], spacing[0] * spacing[2],
                              spacing[0] * spacing[1]};
  double area = 0;
  local = 0;
  for (std::size_t k = 0; k < extent[2]; ++k)
    for (std::size_t j = 0; j < extent[1]; ++j)
      for (std::size_t i = 0; i < extent[0]; ++i, ++local) {
        if (!inside[local]) continue;
        const std::size_t voxel[3] = {i, j, k};
        const auto here = gradient(local, voxel);
        for (int axis = 0; axis < 3; ++axis) {
          for (const bool ahead : {false, true}) {
            const bool edge = ahead ? voxel[axis] + 1 >= extent[axis] : voxel[axis] == 0;
            const std::size_t next = ahead ? local + strides[axis] : local - strides[axis];
            if (!edge && inside[next]) continue;
            std::array<double, 3> normal = here;
            if (!edge) {
              std::size_t nextVoxel[3] = {i, j, k};
              nextVoxel[axis] = ahead ? nextVoxel[axis] + 1 : nextVoxel[axis] - 1;
              const auto there = gradient(next, nextVoxel);
              for (int n = 0; n < 3; ++n) normal[n] += there[n];
            }
            const double length =
                std::sqrt(normal[0] * normal[0] + normal[1] * normal[1] + normal[2] * normal[2]);
            area += faceArea[axis] * (length > 0 ? std::abs(normal[axis]) / length : 1.0);
          }
        }
      }
  return area;
}

}  // namespace

std::vector<OrganStatistics> organStatistics(const image::LabelMap& labels,
                                             const image::Volume& image) {
  const auto& geometry = labels.geometry();
  std::map<std::uint16_t, Sums> sums;
  std::size_t index = 0;
  for (std::size_t k = 0; k < geometry.size[2]; ++k)
    for (std::size_t j = 0; j < geometry.size[1]; ++j)
      for (std::size_t i = 0; i < geometry.size[0]; ++i, ++index) {
        const std::uint16_t label = labels[index];
        if (label == 0 || label == 255) continue;
        auto [entry, fresh] = sums.try_emplace(label);
        Sums& organ = entry->second;
        const std::array<std::size_t, 3> at{i, j, k};
        if (fresh) organ.low = at, organ.high = {i + 1, j + 1, k + 1};
        const double value = image[index];
        ++organ.voxels;
        organ.sum += value;
        organ.squares += value * value;
        organ.minimum = std::min(organ.minimum, value);
        organ.maximum = std::max(organ.maximum, value);
        for (int axis = 0; axis < 3; ++axis) {
          organ.index[axis] += double(at[axis]);
          organ.low[axis] = std::min(organ.low[axis], at[axis]);
          organ.high[axis] = std::max(organ.high[axis], at[axis] + 1);
        }
      }
  const double voxelMl = geometry.spacing[0] * geometry.spacing[1] * geometry.spacing[2] / 1000.0;
  std::vector<OrganStatistics> result;
  for (const auto& [label, organ] : sums) {
    OrganStatistics statistics;
    statistics.label = label;
    statistics.voxels = organ.voxels;
    statistics.millilitres = double(organ.voxels) * voxelMl;
    const double n = double(organ.voxels);
    statistics.meanHu = organ.sum / n;
    statistics.sdHu =
        n > 1 ? std::sqrt(std::max(0.0, (organ.squares - organ.sum * organ.sum / n) / (n - 1)))
              : 0.0;
    statistics.minHu = organ.minimum;
    statistics.maxHu = organ.maximum;
    statistics.centroidLps =
        geometry.indexToPhysical({organ.index[0] / n, organ.index[1] / n, organ.index[2] / n});
    statistics.surfaceMm2 = surfaceArea(labels, label, organ.low, organ.high);
    result.push_back(statistics);
  }
  return result;
}

}  // namespace voxsiam::metrics
