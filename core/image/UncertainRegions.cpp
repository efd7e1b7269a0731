#include "core/image/UncertainRegions.h"

#include <algorithm>
#include <cmath>

#include "core/image/LabelComponents.h"

namespace voxsiam::image {
namespace {

constexpr std::uint16_t kAbove = 1;
constexpr std::uint16_t kCore = 2;

/// 1 where the uncertainty reaches `threshold`, 2 where all six neighbours do too.
LabelMap classify(const Volume& uncertainty, float threshold) {
  LabelMap marks(uncertainty.geometry());
  for (std::size_t index = 0; index < uncertainty.voxelCount(); ++index) {
    const float value = uncertainty[index];
    marks[index] = (std::isnan(value) || value >= threshold) ? kAbove : 0;
  }
  const auto& size = marks.size();
  const std::size_t strides[3] = {1, size[0], size[0] * size[1]};
  LabelMap classified = marks;
  for (std::size_t index = 0; index < marks.voxelCount(); ++index) {
    if (!marks[index]) continue;
    const auto at = marks.geometry().voxelOf(index);
    bool inside = true;
    for (int axis = 0; axis < 3 && inside; ++axis)
      inside = at[axis] > 0 && at[axis] + 1 < size[axis] && marks[index - strides[axis]] &&
               marks[index + strides[axis]];
    if (inside) classified[index] = kCore;
  }
  return classified;
}

/// The core `core` with the voxels above the threshold that touch it (26-neighbours), claimed
/// in `taken`.
std::vector<std::size_t> withBorder(const LabelMap& classified, std::vector<std::size_t> core,
                                    std::vector<unsigned char>& taken) {
  const auto& size = classified.size();
  const auto& geometry = classified.geometry();
  const std::size_t coreVoxels = core.size();
  for (std::size_t n = 0; n < coreVoxels; ++n) {
    const auto at = geometry.voxelOf(core[n]);
    for (int dk = -1; dk <= 1; ++dk)
      for (int dj = -1; dj <= 1; ++dj)
        for (int di = -1; di <= 1; ++di) {
          using Offset = long long;
          const Offset i = Offset(at[0]) + di, j = Offset(at[1]) + dj, k = Offset(at[2]) + dk;
          if (i < 0 || j < 0 || k < 0 || i >= Offset(size[0]) || j >= Offset(size[1]) ||
              k >= Offset(size[2]))
            continue;
          const std::size_t next =
              geometry.linearIndex(std::size_t(i), std::size_t(j), std::size_t(k));
          if (classified[next] != kAbove || taken[next]) continue;
          taken[next] = 1;
          core.push_back(next);
        }
  }
  return core;
}

UncertainRegion describe(const Volume& uncertainty, const std::vector<std::size_t>& voxels) {
  UncertainRegion region;
  region.voxels = voxels.size();
  const auto& spacing = uncertainty.geometry().spacing;
  region.millilitres = double(voxels.size()) * spacing[0] * spacing[1] * spacing[2] / 1000.0;
  region.bounds = {SIZE_MAX, SIZE_MAX, SIZE_MAX, 0, 0, 0};
  double sum = 0;
  region.peakUncertainty = -1;
  for (const std::size_t index : voxels) {
    const float value = std::isnan(uncertainty[index]) ? 1.0f : uncertainty[index];
    sum += value;
    const auto at = uncertainty.geometry().voxelOf(index);
    if (value > region.peakUncertainty) region.peakUncertainty = value, region.peak = at;
    for (int axis = 0; axis < 3; ++axis) {
      region.bounds[axis] = std::min(region.bounds[axis], at[axis]);
      region.bounds[axis + 3] = std::max(region.bounds[axis + 3], at[axis]);
    }
  }
  region.meanUncertainty = sum / double(voxels.size());
  return region;
}

}  // namespace

std::vector<UncertainRegion> uncertainRegions(const Volume& uncertainty, float threshold,
                                              std::size_t minVoxels) {
  const LabelMap classified = classify(uncertainty, threshold);
  std::vector<unsigned char> taken(classified.voxelCount(), 0);
  std::vector<UncertainRegion> regions;
  for (auto& core : componentsOf(classified, kCore)) {
    for (const std::size_t index : core) taken[index] = 1;
    const auto voxels = withBorder(classified, std::move(core), taken);
    if (voxels.size() >= std::max<std::size_t>(minVoxels, 1))
      regions.push_back(describe(uncertainty, voxels));
  }
  std::stable_sort(regions.begin(), regions.end(),
                   [](const auto& a, const auto& b) { return a.voxels > b.voxels; });
  return regions;
}

}  // namespace voxsiam::image
