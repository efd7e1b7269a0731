// Scissors, level tracing and island clicks on shapes with known answers: the scissors' prism is
// checked voxel by voxel against a point-in-triangle test written here, level tracing against
// the disc it should outline, island clicks by exact voxel counts.
#include <gtest/gtest.h>

#include "core/edit/effects/Islands.h"
#include "core/edit/effects/LevelTrace.h"
#include "core/edit/effects/Scissors.h"
#include "core/edit/effects/SlicePlane.h"

namespace voxsiam::edit {
namespace {

image::ImageGeometry anisotropicGrid() {
  image::ImageGeometry grid{{40, 36, 20}};
  grid.spacing = {0.8, 0.8, 2.5};
  return grid;
}

/// Whether (x, y) lies inside the triangle (or on an edge), by the signs of cross products.
bool insideTriangle(double x, double y, const std::vector<std::array<double, 2>>& t) {
  const auto side = [&](int from, int to) {
    return (t[to][0] - t[from][0]) * (y - t[from][1]) - (t[to][1] - t[from][1]) * (x - t[from][0]);
  };
  const double s0 = side(0, 1), s1 = side(1, 2), s2 = side(2, 0);
  return (s0 >= 0 && s1 >= 0 && s2 >= 0) || (s0 <= 0 && s1 <= 0 && s2 <= 0);
}

/// Labels: organ 1 in the lower half of axis 0, organ 2 in the upper half.
image::LabelMap twoOrgans(const image::ImageGeometry& grid) {
  image::LabelMap labels(grid, 0);
  for (std::size_t index = 0; index < labels.voxelCount(); ++index)
    labels[index] = grid.voxelOf(index)[0] < grid.size[0] / 2 ? 1 : 2;
  return labels;
}

TEST(Scissors, EraseExactlyTheVoxelsInsideThePrismAlongEachAxis) {
  const auto grid = anisotropicGrid();
  const std::vector<std::array<double, 2>> triangle{{2.3, 3.7}, {17.6, 5.2}, {8.4, 15.9}};
  for (int axis = 0; axis < 3; ++axis) {
    SCOPED_TRACE(axis);
    auto labels = twoOrgans(grid);
    const auto original = labels;
    ChangeRecorder recorder(labels);
    const std::size_t changed =
        cutWithScissors(recorder, {axis, triangle}, {ScissorsAction::EraseInside, 0});
    const SlicePlane plane = SlicePlane::of(grid, axis);
    std::size_t expected = 0;
    for (std::size_t index = 0; index < labels.voxelCount(); ++index) {
      const auto at = grid.voxelOf(index);
      const bool inside =
          insideTriangle(double(at[plane.axisA]), double(at[plane.axisB]), triangle);
      expected += inside;
      ASSERT_EQ(labels[index], inside ? 0 : original[index])
          << at[0] << "," << at[1] << "," << at[2];
    }
    EXPECT_EQ(changed, expected);
    EXPECT_GT(expected, 1000u);
  }
}

TEST(Scissors, OneOrganOutsideASlabAndFillingKeepsOtherOrgans) {
  const auto grid = anisotropicGrid();
  const std::vector<std::array<double, 2>> square{
      {10.5, 5.5}, {29.5, 5.5}, {29.5, 25.5}, {10.5, 25.5}};
  auto labels = twoOrgans(grid);
  const auto original = labels;
  {
    ChangeRecorder recorder(labels);
    ScissorsRequest request{ScissorsAction::EraseOutside, 2};
    request.slab = std::array<std::size_t, 2>{5, 9};
    cutWithScissors(recorder, {2, square}, request);
  }
  std::size_t organ2 = 0;
  for (std::size_t index = 0; index < labels.voxelCount(); ++index) {
    const auto at = grid.voxelOf(index);
    const bool kept =
        at[0] >= 11 && at[0] <= 29 && at[1] >= 6 && at[1] <= 25 && at[2] >= 5 && at[2] <= 9;
    if (original[index] == 1) ASSERT_EQ(labels[index], 1) << "organ 1 is not cut";
    if (original[index] == 2) ASSERT_EQ(labels[index], kept ? 2 : 0);
    organ2 += labels[index] == 2;
  }
  EXPECT_EQ(organ2, std::size_t(10 * 20 * 5)) << "x 20..29, y 6..25, z 5..9";

  image::LabelMap empty(grid, 0);
  empty[grid.linearIndex(15, 10, 3)] = 4;
  ChangeRecorder filling(empty);
  ScissorsRequest fill{ScissorsAction::FillInside, 3};
  EXPECT_EQ(cutWithScissors(filling, {2, square}, fill), std::size_t(19 * 20 * 20 - 1));
  EXPECT_EQ(empty[grid.linearIndex(15, 10, 3)], 4) << "another organ is kept";
  EXPECT_EQ(cutWithScissors(filling, {2, {{1, 1}, {5, 5}}}, fill), 0u) << "two points cut nothing";
}

TEST(Scissors, AnOutlineThroughVoxelCentresIncludesThem) {
  const std::vector<std::uint8_t> inside =
      outlineInterior({2, {{2, 2}, {6, 2}, {6, 5}, {2, 5}}}, 10, 8);
  std::size_t count = 0;
  for (std::size_t b = 0; b < 8; ++b)
    for (std::size_t a = 0; a < 10; ++a) {
      const bool expected = a >= 2 && a <= 6 && b >= 2 && b <= 5;
      EXPECT_EQ(bool(inside[a + b * 10]), expected) << a << "," << b;
      count += inside[a + b * 10];
    }
  EXPECT_EQ(count, 20u);
}

/// A CT of -100 HU with a disc of +100 HU (radius 8 px, a 2-px hole of -100 at its centre) in
/// every axial slice, plus pixel noise of +-20 HU.
image::Volume discPhantom(const image::ImageGeometry& grid) {
  image::Volume ct(grid, -100.0f);
  for (std::size_t index = 0; index < ct.voxelCount(); ++index) {
    const auto at = grid.voxelOf(index);
    const double dx = double(at[0]) - 20, dy = double(at[1]) - 18;
    const double r2 = dx * dx + dy * dy;
    const float noise = float(int((index * 2654435761u) % 41) - 20);
    ct[index] = (r2 <= 64 && r2 > 2 ? 100.0f : -100.0f) + noise;
  }
  return ct;
}

TEST(LevelTrace, NearAnEdgeTheOutlineFollowsTheDiscAndFillsItsHole) {
  const auto grid = anisotropicGrid();
  const auto ct = discPhantom(grid);
  const SliceRegion region = traceLevel(ct, {28, 18, 7}, 2);
  ASSERT_EQ(region.width, 40u);
  ASSERT_EQ(region.height, 36u);
  std::size_t disagreements = 0, disc = 0;
  for (std::size_t b = 0; b < region.height; ++b)
    for (std::size_t a = 0; a < region.width; ++a) {
      const double dx = double(a) - 20, dy = double(b) - 18;
      const bool inDisc = dx * dx + dy * dy <= 64;
      disc += inDisc;
      disagreements += bool(region.inside[a + b * region.width]) != inDisc;
    }
  EXPECT_EQ(region.inside[20 + 18 * region.width], 1) << "the hole is filled";
  EXPECT_LE(disagreements, disc / 10) << region.pixels << " traced, disc " << disc;
  image::LabelMap labels(grid, 0);
  labels[grid.linearIndex(20, 12, 7)] = 2;
  ChangeRecorder recorder(labels);
  const std::size_t painted = paintSliceRegion(recorder, region, 5);
  EXPECT_EQ(painted, region.pixels - 1) << "another organ is kept";
  EXPECT_EQ(labels[grid.linearIndex(20, 18, 6)], 0) << "only the traced slice";
  const SliceRegion outside = traceLevel(ct, {2, 2, 7}, 2, true);
  EXPECT_EQ(outside.inside[20 + 14 * outside.width], 0) << "darker: the disc is not traced";
  EXPECT_EQ(traceLevel(ct, {99, 2, 7}, 2).pixels, 0u) << "a seed outside the image";
  image::LabelMap neighbour(grid, 0);  // another organ holds the disc's right half
  for (std::size_t index = 0; index < neighbour.voxelCount(); ++index)
    if (grid.voxelOf(index)[0] > 20) neighbour[index] = 2;
  const SliceRegion bounded = traceLevel(ct, {12, 18, 7}, 2, false, &neighbour, 5);
  std::size_t leftHalf = 0;
  for (std::size_t b = 0; b < bounded.height; ++b)
    for (std::size_t a = 0; a < bounded.width; ++a) {
      if (a > 20) EXPECT_EQ(bounded.inside[a + b * bounded.width], 0) << "not into organ 2";
      leftHalf += a <= 20 && bounded.inside[a + b * bounded.width];
    }
  EXPECT_GT(leftHalf, disc / 3) << "the disc's left half is traced";
}

TEST(Islands, KeepRemoveSplitAndKeepTheLargest) {
  image::ImageGeometry grid{{30, 10, 10}};
  image::LabelMap labels(grid, 0);
  for (std::size_t index = 0; index < labels.voxelCount(); ++index) {
    const auto at = grid.voxelOf(index);
    if (at[1] < 5 && at[2] < 5 && (at[0] < 10 || (at[0] >= 15 && at[0] < 19))) labels[index] = 1;
  }
  const auto original = labels;
  const auto count = [&](std::uint16_t label) {
    return std::size_t(std::count(labels.voxels().begin(), labels.voxels().end(), label));
  };
  ChangeRecorder recorder(labels);
  EXPECT_EQ(editIslandAt(recorder, {16, 1, 1}, IslandAction::SplitClicked, 3), 100u);
  EXPECT_EQ(count(3), 100u);
  EXPECT_EQ(count(1), 250u);
  labels = original;
  ChangeRecorder keeping(labels);
  EXPECT_EQ(editIslandAt(keeping, {16, 1, 1}, IslandAction::KeepClicked), 250u);
  EXPECT_EQ(count(1), 100u);
  labels = original;
  ChangeRecorder removing(labels);
  EXPECT_EQ(editIslandAt(removing, {2, 2, 2}, IslandAction::RemoveClicked), 250u);
  EXPECT_EQ(editIslandAt(removing, {25, 8, 8}, IslandAction::RemoveClicked), 0u) << "background";
  labels = original;
  ChangeRecorder largest(labels);
  EXPECT_EQ(keepLargestIsland(largest, 1), 100u);
  EXPECT_EQ(labels[grid.linearIndex(2, 2, 2)], 1);
  EXPECT_EQ(labels[grid.linearIndex(16, 1, 1)], 0);
}

}  // namespace
}  // namespace voxsiam::edit
