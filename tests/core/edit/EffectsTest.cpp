// The segment editor's effects on shapes with known answers: margins on an anisotropic sphere,
// smoothing of spikes and holes, logical operations and thresholds by exact voxel counts.
#include <gtest/gtest.h>

#include <cmath>

#include "core/edit/effects/Margin.h"
#include "core/edit/effects/OrganLogic.h"
#include "core/edit/effects/Smoothing.h"
#include "core/edit/effects/Threshold.h"

namespace voxsiam::edit {
namespace {

constexpr double kPi = 3.14159265358979323846;

image::ImageGeometry anisotropicGrid() {
  image::ImageGeometry grid{{80, 80, 30}};
  grid.spacing = {0.8, 0.8, 2.5};
  return grid;
}

/// Voxels whose centre lies within `radius` mm of the grid's centre become `label`.
image::LabelMap sphere(const image::ImageGeometry& grid, double radius, std::uint16_t label) {
  image::LabelMap labels(grid, 0);
  for (std::size_t index = 0; index < labels.voxelCount(); ++index) {
    const auto at = grid.voxelOf(index);
    double squared = 0;
    for (int axis = 0; axis < 3; ++axis) {
      const double offset =
          (double(at[axis]) - double(grid.size[axis] - 1) / 2) * grid.spacing[axis];
      squared += offset * offset;
    }
    if (squared <= radius * radius) labels[index] = label;
  }
  return labels;
}

double millilitres(const image::LabelMap& labels, std::uint16_t label) {
  const auto& s = labels.geometry().spacing;
  std::size_t count = 0;
  for (std::size_t index = 0; index < labels.voxelCount(); ++index) count += labels[index] == label;
  return double(count) * s[0] * s[1] * s[2] / 1000.0;
}

double ballMillilitres(double radius) {
  return 4.0 / 3.0 * kPi * radius * radius * radius / 1000.0;
}

std::size_t count(const image::LabelMap& labels, std::uint16_t label) {
  std::size_t n = 0;
  for (std::size_t index = 0; index < labels.voxelCount(); ++index) n += labels[index] == label;
  return n;
}

void fill(image::LabelMap& labels, std::uint16_t label, std::array<std::size_t, 3> low,
          std::array<std::size_t, 3> high) {
  for (std::size_t k = low[2]; k < high[2]; ++k)
    for (std::size_t j = low[1]; j < high[1]; ++j)
      for (std::size_t i = low[0]; i < high[0]; ++i) labels.at(i, j, k) = label;
}

TEST(MarginEffect, ThreeMillimetresOnASphereOfTwentyOnAnisotropicSpacing) {
  const auto grid = anisotropicGrid();
  image::LabelMap labels = sphere(grid, 20, 5);
  ASSERT_NEAR(millilitres(labels, 5), ballMillilitres(20), 0.02 * ballMillilitres(20));
  ChangeRecorder grow(labels);
  EXPECT_GT(applyMargin(grow, 5, 3.0), 0u);
  EXPECT_NEAR(millilitres(labels, 5), ballMillilitres(23), 0.02 * ballMillilitres(23));
  labels = sphere(grid, 20, 5);
  ChangeRecorder shrink(labels);
  applyMargin(shrink, 5, -3.0);
  EXPECT_NEAR(millilitres(labels, 5), ballMillilitres(17), 0.02 * ballMillilitres(17));
  const auto change = shrink.take("shrink");
  change.undo(labels);
  EXPECT_EQ(count(labels, 5), count(sphere(grid, 20, 5), 5)) << "one undoable change";
}

TEST(MarginEffect, GrowingKeepsOtherOrgansAndHonoursTheHuLimit) {
  const auto grid = anisotropicGrid();
  image::LabelMap labels = sphere(grid, 10, 5);
  fill(labels, 1, {0, 0, 0}, {40, 80, 30});  // spleen fills the left half, over part of the ball
  const std::size_t spleen = count(labels, 1);
  image::Volume ct(grid, 40.0f);
  for (std::size_t index = 0; index < ct.voxelCount(); ++index)
    if (grid.voxelOf(index)[1] < 40) ct[index] = 900.0f;  // "bone" in the front half
  ChangeRecorder recorder(labels);
  EffectScope scope;
  scope.image = &ct;
  scope.intensity = IntensityRange{-100, 300};
  applyMargin(recorder, 5, 5.0, scope);
  EXPECT_EQ(count(labels, 1), spleen) << "other organs are kept";
  const image::LabelMap before = sphere(grid, 10, 5);
  std::size_t grown = 0;
  for (std::size_t index = 0; index < labels.voxelCount(); ++index) {
    if (labels[index] != 5 || before[index] == 5) continue;
    ++grown;
    ASSERT_LE(ct[index], 300) << "grown into a voxel outside the HU limit";
  }
  EXPECT_GT(grown, 0u);
}

TEST(SmoothingEffect, OpeningCutsASpikeClosingFillsAHoleMedianDropsAStrayVoxel) {
  image::ImageGeometry grid{{40, 40, 40}};
  image::LabelMap labels(grid, 0);
  fill(labels, 3, {10, 10, 10}, {26, 26, 26});
  const std::size_t cube = count(labels, 3);
  fill(labels, 3, {26, 17, 17}, {36, 18, 18});  // a 1-voxel spike of 10
  ChangeRecorder opening(labels);
  smoothOrgan(opening, 3, SmoothingKind::Opening, 2.0);
  EXPECT_EQ(labels.at(30, 17, 17), 0) << "the spike is gone";
  EXPECT_EQ(labels.at(18, 18, 18), 3);
  EXPECT_GT(count(labels, 3), cube * 9 / 10) << "the cube stays (only its edges round off)";

  labels = image::LabelMap(grid, 0);
  fill(labels, 3, {10, 10, 10}, {26, 26, 26});
  fill(labels, 0, {17, 17, 17}, {19, 19, 19});  // a small hole
  ChangeRecorder closing(labels);
  smoothOrgan(closing, 3, SmoothingKind::Closing, 2.0);
  EXPECT_EQ(labels.at(17, 17, 17), 3) << "the hole is filled";
  EXPECT_EQ(count(labels, 3), cube) << "closing adds the hole and nothing outside a convex cube";

  labels.at(2, 2, 2) = 3;
  ChangeRecorder median(labels);
  smoothOrgan(median, 3, SmoothingKind::Median, 1.0);
  EXPECT_EQ(labels.at(2, 2, 2), 0);
  EXPECT_EQ(labels.at(18, 18, 18), 3);
}

TEST(SmoothingEffect, JointSmoothingLeavesNoOverlapNoGapAndRemovesNoise) {
  image::ImageGeometry grid{{40, 30, 20}};
  image::LabelMap labels(grid, 0);
  fill(labels, 1, {5, 5, 5}, {20, 25, 15});
  fill(labels, 2, {20, 5, 5}, {35, 25, 15});  // touching along i = 20
  labels.at(12, 12, 10) = 2;                  // noise of organ 2 inside organ 1
  labels.at(27, 12, 10) = 0;                  // a hole in organ 2
  ChangeRecorder recorder(labels);
  EXPECT_GT(smoothJointly(recorder, 1.0), 0u);
  EXPECT_EQ(labels.at(12, 12, 10), 1);
  EXPECT_EQ(labels.at(27, 12, 10), 2);
  for (std::size_t j = 8; j < 22; ++j)
    for (std::size_t k = 8; k < 12; ++k) {
      EXPECT_EQ(labels.at(19, j, k), 1) << j << "," << k;
      EXPECT_EQ(labels.at(20, j, k), 2) << "no gap opens between touching organs";
    }
}

TEST(OrganLogicEffect, CopyAddSubtractIntersectByExactCounts) {
  image::ImageGeometry grid{{20, 20, 10}};
  image::LabelMap base(grid, 0);
  fill(base, 1, {0, 0, 0}, {10, 10, 10});  // 1000 voxels
  fill(base, 2, {5, 5, 0}, {15, 15, 10});  // 1000, overlapping region taken by 2: 250 of 1's
  image::LabelMap other(grid, 0);
  fill(other, 7, {0, 0, 0}, {4, 4, 10});  // 160 voxels of another map, inside organ 1

  auto labels = base;
  ChangeRecorder intersect(labels);
  combineOrgans(intersect, OrganLogic::Intersect, 1, other, 7);
  EXPECT_EQ(count(labels, 1), 160u);

  labels = base;
  ChangeRecorder subtract(labels);
  combineOrgans(subtract, OrganLogic::Subtract, 1, other, 7);
  EXPECT_EQ(count(labels, 1), 750u - 160u);

  labels = base;
  ChangeRecorder add(labels);
  combineOrgans(add, OrganLogic::Add, 1, labels, 2);
  EXPECT_EQ(count(labels, 1), 1750u) << "the same map: organ 2 joins organ 1";
  EXPECT_EQ(count(labels, 2), 0u);

  labels = base;
  ChangeRecorder copy(labels);
  image::LabelMap shifted(grid, 0);
  fill(shifted, 9, {12, 0, 0}, {20, 8, 10});  // 640 voxels, 3 x 3 x 10 of them on organ 2
  combineOrgans(copy, OrganLogic::Copy, 1, shifted, 9);
  EXPECT_EQ(count(labels, 1), 640u - 90u) << "other organs are kept unless overwriting";
  EXPECT_EQ(count(labels, 2), 1000u);
}

TEST(ThresholdEffect, PaintsExactlyTheVoxelsInRangeInASliceOrEverywhere) {
  image::ImageGeometry grid{{16, 16, 8}};
  image::Volume ct(grid);
  for (std::size_t index = 0; index < ct.voxelCount(); ++index) ct[index] = float(index % 100);
  image::LabelMap labels(grid, 0);
  labels.at(0, 0, 0) = 4;  // value 0: in range, but another organ
  std::size_t inRange = 0, inSlice = 0;
  for (std::size_t index = 0; index < ct.voxelCount(); ++index) {
    const bool in = ct[index] >= 10 && ct[index] <= 30;
    inRange += in;
    inSlice += in && grid.voxelOf(index)[2] == 3;
  }
  ChangeRecorder slice(labels);
  EXPECT_EQ(paintThreshold(slice, ct, {10, 30}, 6, SliceSelection{2, 3}), inSlice);
  EXPECT_EQ(count(labels, 6), inSlice);
  ChangeRecorder volume(labels);
  paintThreshold(volume, ct, {0, 30}, 6);
  EXPECT_EQ(labels.at(0, 0, 0), 4) << "other organs are kept";
  std::size_t expected = 0;
  for (std::size_t index = 1; index < ct.voxelCount(); ++index) expected += ct[index] <= 30;
  EXPECT_EQ(count(labels, 6), expected);
  EXPECT_GT(expected, inRange);
}

}  // namespace
}  // namespace voxsiam::edit
