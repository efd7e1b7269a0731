#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/image/UncertainRegions.h"

namespace voxsiam::image {
namespace {

void fillBox(Volume& volume, float value, std::array<std::size_t, 3> low,
             std::array<std::size_t, 3> high) {
  for (std::size_t k = low[2]; k < high[2]; ++k)
    for (std::size_t j = low[1]; j < high[1]; ++j)
      for (std::size_t i = low[0]; i < high[0]; ++i) volume.at(i, j, k) = value;
}

Volume doubtfulVolume() {
  ImageGeometry geometry{{40, 40, 24}};
  geometry.spacing = {2, 2, 2};
  Volume uncertainty(geometry, 0.1f);
  fillBox(uncertainty, 0.8f, {2, 2, 2}, {10, 10, 8});  // 384 voxels
  uncertainty.at(5, 6, 4) = 0.97f;                     // its peak
  uncertainty.at(3, 3, 3) = std::numeric_limits<float>::quiet_NaN();
  fillBox(uncertainty, 0.6f, {20, 20, 2}, {24, 24, 6});    // 64 voxels
  fillBox(uncertainty, 0.9f, {30, 30, 10}, {33, 33, 13});  // 27 voxels, one core voxel
  fillBox(uncertainty, 0.5f, {0, 0, 20}, {40, 40, 21});    // a 1-voxel shell (organ border)
  fillBox(uncertainty, 0.29f, {0, 25, 14}, {15, 35, 19});  // a blob just under the threshold
  return uncertainty;
}

TEST(UncertainRegions, BlobsLargestFirstWithoutThinShellsOrTheBelowThresholdOnes) {
  const auto regions = uncertainRegions(doubtfulVolume(), 0.3f, 20);
  ASSERT_EQ(regions.size(), 3u);
  EXPECT_EQ(regions[0].voxels, 384u);
  EXPECT_NEAR(regions[0].millilitres, 384 * 8 / 1000.0, 1e-9);
  EXPECT_EQ(regions[0].peak, (std::array<std::size_t, 3>{3, 3, 3})) << "NaN is fully uncertain";
  EXPECT_FLOAT_EQ(regions[0].peakUncertainty, 1.0f);
  EXPECT_EQ(regions[0].bounds, (std::array<std::size_t, 6>{2, 2, 2, 9, 9, 7}));
  EXPECT_EQ(regions[1].voxels, 64u);
  EXPECT_EQ(regions[1].bounds, (std::array<std::size_t, 6>{20, 20, 2, 23, 23, 5}));
  for (int axis = 0; axis < 3; ++axis) {
    EXPECT_GE(regions[1].peak[axis], regions[1].bounds[axis]);
    EXPECT_LE(regions[1].peak[axis], regions[1].bounds[axis + 3]);
  }
  EXPECT_NEAR(regions[1].meanUncertainty, 0.6, 1e-6);
  EXPECT_EQ(regions[2].voxels, 27u) << "a 3x3x3 cube grows back from its one core voxel";
  EXPECT_FLOAT_EQ(regions[2].peakUncertainty, 0.9f);
}

TEST(UncertainRegions, TheSmallestSizeAndTheThresholdDecideWhatIsListed) {
  const Volume uncertainty = doubtfulVolume();
  EXPECT_EQ(uncertainRegions(uncertainty, 0.3f, 30).size(), 2u);
  EXPECT_EQ(uncertainRegions(uncertainty, 0.7f, 1).size(), 2u) << "the 0.6 blob drops out";
  const auto low = uncertainRegions(uncertainty, 0.25f, 1);
  ASSERT_EQ(low.size(), 4u) << "the 0.29 blob joins once the threshold is under it";
  EXPECT_EQ(low[0].voxels, 15u * 10 * 5);
  EXPECT_TRUE(uncertainRegions(Volume(ImageGeometry{{8, 8, 8}}, 0.0f), 0.3f, 1).empty());
}

}  // namespace
}  // namespace voxsiam::image
