#include "core/image/preprocess/BodyCrop.h"

#include <algorithm>
#include <array>
#include <vector>

namespace voxsiam::image {
namespace {

/// A run of above-threshold voxels along i in row (j, k): voxels [begin, end).
struct Run {
  std::size_t row = 0;  ///< j + size[1] * k
  std::size_t begin = 0, end = 0;
};

/// The runs of voxels above `threshold`, row by row; `rowFirst[row]` is the first run of `row`
/// (rowFirst has one entry per row and a final one past the last run).
std::vector<Run> runsAbove(const Volume& ct, float threshold, std::vector<std::size_t>& rowFirst) {
  const auto& size = ct.size();
  const std::size_t rows = size[1] * size[2];
  std::vector<Run> runs;
  rowFirst.assign(rows + 1, 0);
  const float* voxels = ct.voxels().data();
  for (std::size_t row = 0; row < rows; ++row) {
    rowFirst[row] = runs.size();
    const float* line = voxels + row * size[0];
    for (std::size_t i = 0; i < size[0];) {
      if (!(line[i] > threshold)) {
        ++i;
        continue;
      }
      const std::size_t begin = i;
      while (i < size[0] && line[i] > threshold) ++i;
      runs.push_back({row, begin, i});
    }
  }
  rowFirst[rows] = runs.size();
  return runs;
}

std::size_t rootOf(std::vector<std::size_t>& parent, std::size_t run) {
  while (parent[run] != run) run = parent[run] = parent[parent[run]];
  return run;
}

/// Joins the runs of row `row` with the runs they touch (same i) in row `other`.
void joinRows(const std::vector<Run>& runs, const std::vector<std::size_t>& rowFirst,
              std::size_t row, std::size_t other, std::vector<std::size_t>& parent) {
  std::size_t a = rowFirst[row], b = rowFirst[other];
  while (a < rowFirst[row + 1] && b < rowFirst[other + 1]) {
    if (runs[a].begin < runs[b].end && runs[b].begin < runs[a].end) {
      const std::size_t ra = rootOf(parent, a), rb = rootOf(parent, b);
      parent[std::max(ra, rb)] = std::min(ra, rb);
    }
    (runs[a].end < runs[b].end) ? ++a : ++b;
  }
}

/// Voxel count and box of one component.
struct Component {
  std::size_t count = 0;
  std::array<std::size_t, 3> low{}, high{};
};

}  // namespace

VoxelBox findBodyBox(const Volume& ct, float thresholdHu) {
  const auto& size = ct.size();
  std::vector<std::size_t> rowFirst;
  const std::vector<Run> runs = runsAbove(ct, thresholdHu, rowFirst);
  std::vector<std::size_t> parent(runs.size());
  for (std::size_t run = 0; run < runs.size(); ++run) parent[run] = run;
  for (std::size_t row = 0; row < size[1] * size[2]; ++row) {
    if (row % size[1] != 0) joinRows(runs, rowFirst, row, row - 1, parent);
    if (row >= size[1]) joinRows(runs, rowFirst, row, row - size[1], parent);
  }
  // A root is its component's first run in voxel order, so ties go to the component met first.
  std::vector<Component> components(runs.size());
  for (std::size_t run = 0; run < runs.size(); ++run) {
    Component& component = components[rootOf(parent, run)];
    const std::array<std::size_t, 3> low{runs[run].begin, runs[run].row % size[1],
                                         runs[run].row / size[1]};
    const std::array<std::size_t, 3> high{runs[run].end - 1, low[1], low[2]};
    for (int axis = 0; axis < 3; ++axis) {
      component.low[axis] =
          component.count == 0 ? low[axis] : std::min(component.low[axis], low[axis]);
      component.high[axis] = std::max(component.high[axis], high[axis]);
    }
    component.count += runs[run].end - runs[run].begin;
  }
  VoxelBox best{{0, 0, 0}, size};
  std::size_t bestCount = 0;
  for (std::size_t run = 0; run < runs.size(); ++run) {
    if (parent[run] != run || components[run].count <= bestCount) continue;
    bestCount = components[run].count;
    for (int axis = 0; axis < 3; ++axis) {
      best.low[axis] = components[run].low[axis];
      best.size[axis] = components[run].high[axis] - components[run].low[axis] + 1;
    }
  }
  return best;
}

}  // namespace voxsiam::image
