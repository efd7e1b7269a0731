#include "core/image/LabelComponents.h"

#include <algorithm>

namespace voxsiam::image {

std::vector<std::size_t> regionAt(const LabelMap& labels, std::size_t seed,
                                  const std::vector<int>& axes,
                                  std::vector<unsigned char>& visited) {
  const auto& size = labels.size();
  const std::uint16_t label = labels[seed];
  const std::size_t strides[3] = {1, size[0], size[0] * size[1]};
  std::vector<std::size_t> region{seed};
  visited[seed] = 1;
  for (std::size_t head = 0; head < region.size(); ++head) {
    const std::size_t index = region[head];
    const auto at = labels.geometry().voxelOf(index);
    const auto visit = [&](std::size_t next) {
      if (visited[next] || labels[next] != label) return;
      visited[next] = 1;
      region.push_back(next);
    };
    for (const int axis : axes) {
      if (at[axis] > 0) visit(index - strides[axis]);
      if (at[axis] + 1 < size[axis]) visit(index + strides[axis]);
    }
  }
  return region;
}

std::vector<std::vector<std::size_t>> componentsOf(const LabelMap& labels, std::uint16_t label) {
  std::vector<unsigned char> visited(labels.voxelCount(), 0);
  std::vector<std::vector<std::size_t>> components;
  for (std::size_t index = 0; index < labels.voxelCount(); ++index)
    if (!visited[index] && labels[index] == label)
      components.push_back(regionAt(labels, index, {0, 1, 2}, visited));
  return components;
}

std::size_t keepLargestComponents(LabelMap& labels, const std::vector<std::uint16_t>& organs) {
  std::size_t removed = 0;
  for (const std::uint16_t organ : organs) {
    auto components = componentsOf(labels, organ);
    if (components.size() < 2) continue;
    const auto largest =
        std::max_element(components.begin(), components.end(),
                         [](const auto& a, const auto& b) { return a.size() < b.size(); });
    for (auto component = components.begin(); component != components.end(); ++component) {
      if (component == largest) continue;
      for (const std::size_t index : *component) labels[index] = 0;
      removed += component->size();
    }
  }
  return removed;
}

}  // namespace voxsiam::image
