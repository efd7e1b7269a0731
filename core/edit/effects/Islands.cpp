#include "core/edit/effects/Islands.h"

#include <algorithm>

#include "core/image/LabelComponents.h"

namespace voxsiam::edit {

std::size_t editIslandAt(ChangeRecorder& recorder, const VoxelIndex& seed, IslandAction action,
                         std::uint16_t target) {
  const auto& labels = recorder.labels();
  const auto& geometry = labels.geometry();
  if (seed[0] >= geometry.size[0] || seed[1] >= geometry.size[1] || seed[2] >= geometry.size[2])
    return 0;
  const std::size_t start = geometry.linearIndex(seed[0], seed[1], seed[2]);
  const std::uint16_t organ = labels[start];
  if (organ == 0) return 0;
  std::vector<unsigned char> visited(labels.voxelCount(), 0);
  const auto island = image::regionAt(labels, start, {0, 1, 2}, visited);
  const std::size_t before = recorder.size();
  if (action == IslandAction::KeepClicked) {
    for (std::size_t index = 0; index < labels.voxelCount(); ++index)
      if (labels[index] == organ && !visited[index]) recorder.set(index, 0);
  } else {
    const std::uint16_t value = action == IslandAction::SplitClicked ? target : 0;
    for (std::size_t index : island) recorder.set(index, value);
  }
  return recorder.size() - before;
}

std::size_t keepLargestIsland(ChangeRecorder& recorder, std::uint16_t label) {
  auto islands = image::componentsOf(recorder.labels(), label);
  if (islands.size() < 2) return 0;
  const auto largest =
      std::max_element(islands.begin(), islands.end(),
                       [](const auto& a, const auto& b) { return a.size() < b.size(); });
  const std::size_t before = recorder.size();
  for (auto island = islands.begin(); island != islands.end(); ++island)
    if (island != largest)
      for (std::size_t index : *island) recorder.set(index, 0);
  return recorder.size() - before;
}

}  // namespace voxsiam::edit
