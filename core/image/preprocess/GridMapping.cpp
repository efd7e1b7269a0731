#include "core/image/preprocess/GridMapping.h"

#include <algorithm>
#include <cmath>

namespace voxsiam::image {

AxisOrder AxisOrder::towardsLps(const std::array<double, 9>& direction) {
  // direction[row * 3 + column]: column n is the physical direction of native index axis n.
  std::array<int, 3> permutation{0, 1, 2}, best = permutation;
  double bestScore = -1;
  do {
    double score = 0;
    for (int axis = 0; axis < 3; ++axis)
      score += std::fabs(direction[axis * 3 + permutation[axis]]);
    if (score > bestScore + 1e-9) bestScore = score, best = permutation;
  } while (std::next_permutation(permutation.begin(), permutation.end()));
  AxisOrder order;
  order.nativeAxis = best;
  for (int axis = 0; axis < 3; ++axis) order.flipped[axis] = direction[axis * 3 + best[axis]] < 0;
  return order;
}

GridMapping::GridMapping(const ImageGeometry& native, const VoxelBox& crop,
                         const std::array<std::size_t, 3>& gridSize, const AxisOrder& order)
    : native_(native), crop_(crop), order_(order) {
  grid_ = native;
  grid_.size = gridSize;
  for (int axis = 0; axis < 3; ++axis) {
    const int from = order.nativeAxis[axis];
    scale_[axis] = static_cast<double>(crop.size[from]) / static_cast<double>(gridSize[axis]);
    grid_.spacing[axis] = native.spacing[from] * scale_[axis];
    for (int row = 0; row < 3; ++row)
      grid_.direction[row * 3 + axis] =
          native.direction[row * 3 + from] * (order.flipped[axis] ? -1.0 : 1.0);
  }
  grid_.origin = native.indexToPhysical(nativeIndexOf({0, 0, 0}));
}

GridMapping GridMapping::withSpacing(const ImageGeometry& native, const VoxelBox& crop,
                                     const std::array<double, 3>& targetSpacing,
                                     const AxisOrder& order) {
  std::array<std::size_t, 3> gridSize{};
  for (int axis = 0; axis < 3; ++axis) {
    const int from = order.nativeAxis[axis];
    const double extent = static_cast<double>(crop.size[from]) * native.spacing[from];
    gridSize[axis] = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::lround(extent / targetSpacing[axis])));
  }
  return GridMapping(native, crop, gridSize, order);
}

std::array<double, 3> GridMapping::nativeIndexOf(const std::array<double, 3>& gridIndex) const {
  std::array<double, 3> index{};
  for (int axis = 0; axis < 3; ++axis) {
    const int to = order_.nativeAxis[axis];
    const double offset = (gridIndex[axis] + 0.5) * scale_[axis] - 0.5;
    index[to] =
        static_cast<double>(crop_.low[to]) +
        (order_.flipped[axis] ? static_cast<double>(crop_.size[to]) - 1.0 - offset : offset);
  }
  return index;
}

std::array<double, 3> GridMapping::gridIndexOf(const std::array<double, 3>& nativeIndex) const {
  std::array<double, 3> index{};
  for (int axis = 0; axis < 3; ++axis) {
    const int from = order_.nativeAxis[axis];
    const double offset = nativeIndex[from] - static_cast<double>(crop_.low[from]);
    const double along =
        order_.flipped[axis] ? static_cast<double>(crop_.size[from]) - 1.0 - offset : offset;
    index[axis] = (along + 0.5) / scale_[axis] - 0.5;
  }
  return index;
}

float sampleLinear(const float* voxels, const std::array<std::size_t, 3>& size,
                   const std::array<double, 3>& index) {
  std::size_t lower[3], upper[3];
  double weight[3];
  for (int axis = 0; axis < 3; ++axis) {
    const double top = static_cast<double>(size[axis] - 1);
    const double clamped = std::clamp(index[axis], 0.0, top);
    lower[axis] = static_cast<std::size_t>(std::floor(clamped));
    upper[axis] = std::min(lower[axis] + 1, size[axis] - 1);
    weight[axis] = clamped - static_cast<double>(lower[axis]);
  }
  auto at = [&](std::size_t i, std::size_t j, std::size_t k) {
    return static_cast<double>(voxels[i + size[0] * (j + size[1] * k)]);
  };
  double result = 0;
  for (int corner = 0; corner < 8; ++corner) {
    const bool ui = corner & 1, uj = corner & 2, uk = corner & 4;
    const double w = (ui ? weight[0] : 1 - weight[0]) * (uj ? weight[1] : 1 - weight[1]) *
                     (uk ? weight[2] : 1 - weight[2]);
    if (w == 0) continue;
    result += w * at(ui ? upper[0] : lower[0], uj ? upper[1] : lower[1], uk ? upper[2] : lower[2]);
  }
  return static_cast<float>(result);
}

Volume GridMapping::toGrid(const Volume& native) const {
  Volume result(grid_);
  std::size_t index = 0;
  for (std::size_t k = 0; k < grid_.size[2]; ++k)
    for (std::size_t j = 0; j < grid_.size[1]; ++j)
      for (std::size_t i = 0; i < grid_.size[0]; ++i, ++index)
        result[index] = sampleLinear(native.voxels().data(), native.size(),
                                     nativeIndexOf({double(i), double(j), double(k)}));
  return result;
}

LabelMap GridMapping::toGrid(const LabelMap& native) const {
  LabelMap result(grid_);
  std::size_t index = 0;
  for (std::size_t k = 0; k < grid_.size[2]; ++k)
    for (std::size_t j = 0; j < grid_.size[1]; ++j)
      for (std::size_t i = 0; i < grid_.size[0]; ++i, ++index) {
        const auto at = nativeIndexOf({double(i), double(j), double(k)});
        std::size_t nearest[3];
        for (int axis = 0; axis < 3; ++axis)
          nearest[axis] = static_cast<std::size_t>(
              std::clamp(std::lround(at[axis]), 0L, static_cast<long>(native.size()[axis]) - 1));
        result[index] = native.at(nearest[0], nearest[1], nearest[2]);
      }
  return result;
}

std::vector<float> GridMapping::toNative(const std::vector<float>& gridChannels,
                                         std::size_t channels,
                                         const std::vector<float>& outside) const {
  const std::size_t gridVoxels = grid_.voxelCount(), nativeVoxels = native_.voxelCount();
  std::vector<float> result(channels * nativeVoxels);
  std::size_t index = 0;
  for (std::size_t k = 0; k < native_.size[2]; ++k)
    for (std::size_t j = 0; j < native_.size[1]; ++j)
      for (std::size_t i = 0; i < native_.size[0]; ++i, ++index) {
        const std::size_t at[3] = {i, j, k};
        bool inside = true;
        for (int axis = 0; axis < 3; ++axis)
          inside = inside && at[axis] >= crop_.low[axis] &&
                   at[axis] < crop_.low[axis] + crop_.size[axis];
        const auto gridIndex = gridIndexOf({double(i), double(j), double(k)});
        for (std::size_t channel = 0; channel < channels; ++channel)
          result[channel * nativeVoxels + index] =
              inside
                  ? sampleLinear(gridChannels.data() + channel * gridVoxels, grid_.size, gridIndex)
                  : outside[channel];
      }
  return result;
}

namespace {

/// Index of the largest of `count` values `stride` apart (the first of equal ones).
template <typename Value>
std::uint16_t argmaxOf(const Value* values, std::size_t count, std::size_t stride) {
  std::size_t best = 0;
  for (std::size_t channel = 1; channel < count; ++channel)
    if (values[channel * stride] > values[best * stride]) best = channel;
  return static_cast<std::uint16_t>(best);
}

/// The two grid voxels that trilinear sampling blends along one grid axis, for every native
/// index along the native axis that runs along it (as sampleLinear clamps them).
struct AxisCorners {
  std::vector<std::size_t> lower, upper;
};

}  // namespace

LabelMap GridMapping::argmaxToNative(const std::vector<float>& gridChannels,
                                     std::size_t channels) const {
  const std::size_t gridVoxels = grid_.voxelCount();
  std::vector<std::uint16_t> gridLabels(gridVoxels);
  for (std::size_t voxel = 0; voxel < gridVoxels; ++voxel)
    gridLabels[voxel] = argmaxOf(gridChannels.data() + voxel, channels, gridVoxels);
  std::array<AxisCorners, 3> corners;  // per grid axis, indexed by native index along its axis
  for (int axis = 0; axis < 3; ++axis) {
    const int from = order_.nativeAxis[axis];
    for (std::size_t x = 0; x < native_.size[from]; ++x) {
      const double at = gridIndexOf({double(x), double(x), double(x)})[axis];
      const double clamped = std::clamp(at, 0.0, static_cast<double>(grid_.size[axis] - 1));
      corners[axis].lower.push_back(static_cast<std::size_t>(std::floor(clamped)));
      corners[axis].upper.push_back(std::min(corners[axis].lower.back() + 1, grid_.size[axis] - 1));
    }
  }
  LabelMap labels(native_, 0);
  std::vector<float> blended(channels);
  const std::size_t plane = grid_.size[0] * grid_.size[1];
  for (std::size_t k = crop_.low[2]; k < crop_.low[2] + crop_.size[2]; ++k)
    for (std::size_t j = crop_.low[1]; j < crop_.low[1] + crop_.size[1]; ++j)
      for (std::size_t i = crop_.low[0]; i < crop_.low[0] + crop_.size[0]; ++i) {
        const std::size_t at[3] = {i, j, k};
        std::size_t g[3][2];
        for (int axis = 0; axis < 3; ++axis) {
          const std::size_t x = at[order_.nativeAxis[axis]];
          g[axis][0] = corners[axis].lower[x];
          g[axis][1] = corners[axis].upper[x];
        }
        const std::uint16_t first = gridLabels[g[0][0] + grid_.size[0] * g[1][0] + plane * g[2][0]];
        bool agree = true;
        for (int corner = 1; corner < 8 && agree; ++corner)
          agree = gridLabels[g[0][corner & 1] + grid_.size[0] * g[1][(corner >> 1) & 1] +
                             plane * g[2][(corner >> 2) & 1]] == first;
        std::uint16_t& label = labels[native_.linearIndex(i, j, k)];
        if (agree) {
          label = first;
          continue;
        }
        const auto gridIndex = gridIndexOf({double(i), double(j), double(k)});
        for (std::size_t channel = 0; channel < channels; ++channel)
          blended[channel] =
              sampleLinear(gridChannels.data() + channel * gridVoxels, grid_.size, gridIndex);
        label = argmaxOf(blended.data(), channels, 1);
      }
  return labels;
}

}  // namespace voxsiam::image
