#include "tests/support/RestoredLattice.h"

#include <utility>

namespace voxsiam::test {

image::LabelMap flippedAxis(const image::LabelMap& labels, int axis) {
  image::ImageGeometry grid = labels.geometry();
  std::array<double, 3> last{0, 0, 0};
  last[axis] = double(grid.size[axis] - 1);
  grid.origin = labels.geometry().indexToPhysical(last);
  for (int row = 0; row < 3; ++row) grid.direction[row * 3 + axis] *= -1;
  image::LabelMap result(grid, 0);
  for (std::size_t index = 0; index < labels.voxelCount(); ++index) {
    auto at = grid.voxelOf(index);
    at[axis] = grid.size[axis] - 1 - at[axis];
    result[grid.linearIndex(at[0], at[1], at[2])] = labels[index];
  }
  return result;
}

image::LabelMap swappedAxes(const image::LabelMap& labels, int a, int b) {
  const image::ImageGeometry& from = labels.geometry();
  image::ImageGeometry grid = from;
  std::swap(grid.size[a], grid.size[b]);
  std::swap(grid.spacing[a], grid.spacing[b]);
  for (int row = 0; row < 3; ++row)
    std::swap(grid.direction[row * 3 + a], grid.direction[row * 3 + b]);
  image::LabelMap result(grid, 0);
  for (std::size_t index = 0; index < labels.voxelCount(); ++index) {
    auto at = from.voxelOf(index);
    std::swap(at[a], at[b]);
    result[grid.linearIndex(at[0], at[1], at[2])] = labels[index];
  }
  return result;
}

}  // namespace voxsiam::test
