// The same voxels stored in another axis order or direction are recognised and brought back
// exactly; grids that really differ are not.
#include <gtest/gtest.h>

#include "core/image/SameLattice.h"
#include "tests/support/RestoredLattice.h"

namespace voxsiam::image {
namespace {

LabelMap numbered() {
  ImageGeometry grid{{7, 5, 4}};
  grid.spacing = {0.8, 1.1, 2.5};
  grid.origin = {-30, 12, 4};
  LabelMap labels(grid, 0);
  for (std::size_t index = 0; index < labels.voxelCount(); ++index)
    labels[index] = std::uint16_t(index % 251 + 1);  // every voxel its own value
  return labels;
}

void expectBroughtBack(const LabelMap& stored, const LabelMap& original) {
  const auto order = sameLattice(stored.geometry(), original.geometry());
  ASSERT_TRUE(order.has_value());
  const LabelMap back = onLattice(stored, original.geometry(), *order);
  EXPECT_TRUE(back.geometry().sameGrid(original.geometry()));
  EXPECT_EQ(back.voxels(), original.voxels());
}

TEST(SameLattice, FlippedAndPermutedStoragesComeBackVoxelForVoxel) {
  const LabelMap original = numbered();
  for (int axis = 0; axis < 3; ++axis) {
    SCOPED_TRACE(axis);
    expectBroughtBack(test::flippedAxis(original, axis), original);
  }
  expectBroughtBack(test::swappedAxes(original, 0, 2), original);
  expectBroughtBack(test::flippedAxis(test::swappedAxes(original, 0, 1), 1), original);
  const auto same = sameLattice(original.geometry(), original.geometry());
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(same->axis, (std::array<int, 3>{0, 1, 2}));
}

TEST(SameLattice, GridsThatReallyDifferAreNotTheSame) {
  const ImageGeometry grid = numbered().geometry();
  ImageGeometry shifted = grid;
  shifted.origin[0] += 0.4;  // half a voxel
  EXPECT_FALSE(sameLattice(shifted, grid));
  ImageGeometry finer = grid;
  finer.spacing[2] = 1.25;
  EXPECT_FALSE(sameLattice(finer, grid));
  ImageGeometry longer = grid;
  longer.size[1] += 1;
  EXPECT_FALSE(sameLattice(longer, grid));
  ImageGeometry turned = grid;  // 30 degrees about k
  turned.direction = {0.8660254, -0.5, 0, 0.5, 0.8660254, 0, 0, 0, 1};
  EXPECT_FALSE(sameLattice(turned, grid));
}

}  // namespace
}  // namespace voxsiam::image
