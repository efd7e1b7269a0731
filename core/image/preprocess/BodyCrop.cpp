#include "core/image/preprocess/BodyCrop.h"

#include <algorithm>
#include <vector>

namespace voxsiam::image {
namespace {

/// Flood-fills the component of `seed` in `mask`, marking it with `id`; returns its box and size.
std::pair<VoxelBox, std::size_t> fillComponent(std::vector<std::int32_t>& component,
                                               const std::array<std::size_t, 3>& size,
                                               std::size_t seed, std::int32_t id) {
  const std::size_t sx = size[0], sxy = size[0] * size[1];
  std::array<std::size_t, 3> low = size, high{0, 0, 0};
  std::vector<std::size_t> stack{seed};
  component[seed] = id;
  std::size_t count = 0;
  while (!stack.empty()) {
    const std::size_t index = stack.back();
    stack.pop_back();
    ++count;
    const std::array<std::size_t, 3> at{index % sx, (index / sx) % size[1], index / sxy};
    for (int axis = 0; axis < 3; ++axis) {
      low[axis] = std::min(low[axis], at[axis]);
      high[axis] = std::max(high[axis], at[axis]);
    }
    const std::size_t strides[3] = {1, sx, sxy};
    for (int axis = 0; axis < 3; ++axis) {
      if (at[axis] > 0 && component[index - strides[axis]] == -1) {
        component[index - strides[axis]] = id;
        stack.push_back(index - strides[axis]);
      }
      if (at[axis] + 1 < size[axis] && component[index + strides[axis]] == -1) {
        component[index + strides[axis]] = id;
        stack.push_back(index + strides[axis]);
      }
    }
  }
  VoxelBox box;
  for (int axis = 0; axis < 3; ++axis) {
    box.low[axis] = low[axis];
    box.size[axis] = high[axis] - low[axis] + 1;
  }
  return {box, count};
}

}  // namespace

VoxelBox findBodyBox(const Volume& ct, float thresholdHu) {
  // -1: above threshold, not yet visited; 0: below threshold; >0: component id.
  std::vector<std::int32_t> component(ct.voxelCount());
  for (std::size_t index = 0; index < ct.voxelCount(); ++index)
    component[index] = ct[index] > thresholdHu ? -1 : 0;
  VoxelBox best{{0, 0, 0}, ct.size()};
  std::size_t bestCount = 0;
  std::int32_t nextId = 1;
  for (std::size_t index = 0; index < component.size(); ++index) {
    if (component[index] != -1) continue;
    const auto [box, count] = fillComponent(component, ct.size(), index, nextId++);
    if (count > bestCount) {
      best = box;
      bestCount = count;
    }
  }
  return best;
}

}  // namespace voxsiam::image
