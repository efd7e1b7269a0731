#include <gtest/gtest.h>

#include <random>

#include "core/image/SliceOutlines.h"

namespace voxsiam::image {
namespace {

LabelMap randomSlices(std::uint32_t seed, double fill) {
  ImageGeometry grid;
  grid.size = {23, 17, 4};
  LabelMap labels(grid, 0);
  std::mt19937 random(seed);
  std::bernoulli_distribution organ(fill);
  for (auto& voxel : labels.voxels()) voxel = organ(random) ? 3 : (random() % 5 == 0 ? 1 : 0);
  return labels;
}

TEST(SliceOutlines, EvenOddFillGivesBackEveryVoxelOfRandomShapes) {
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    const LabelMap labels = randomSlices(seed, 0.2 + 0.03 * seed);
    for (std::size_t k = 0; k < labels.size()[2]; ++k) {
      std::vector<bool> inside;
      fillOutlines(sliceOutlines(labels, 3, k), labels.size()[0], labels.size()[1], inside);
      const std::size_t plane = labels.size()[0] * labels.size()[1];
      for (std::size_t p = 0; p < plane; ++p)
        ASSERT_EQ(inside[p], labels[k * plane + p] == 3) << "seed " << seed << " slice " << k;
    }
  }
}

TEST(SliceOutlines, RingHasAnOuterAndAnInnerOutlineOfFourCornersEach) {
  ImageGeometry grid;
  grid.size = {6, 6, 1};
  LabelMap labels(grid, 0);
  for (std::size_t r = 1; r <= 4; ++r)
    for (std::size_t c = 1; c <= 4; ++c) labels[r * 6 + c] = (r == 1 || r == 4 || c == 1 || c == 4);
  const auto outlines = sliceOutlines(labels, 1, 0);
  ASSERT_EQ(outlines.size(), 2u);
  EXPECT_EQ(outlines[0].size(), 4u);
  EXPECT_EQ(outlines[1].size(), 4u);
  for (const auto& outline : outlines)
    for (const auto& point : outline) {
      EXPECT_TRUE(point[0] == 0.5 || point[0] == 4.5 || point[0] == 1.5 || point[0] == 3.5);
      EXPECT_TRUE(point[1] == 0.5 || point[1] == 4.5 || point[1] == 1.5 || point[1] == 3.5);
    }
}

TEST(SliceOutlines, EmptySliceHasNoOutline) {
  ImageGeometry grid;
  grid.size = {5, 5, 2};
  EXPECT_TRUE(sliceOutlines(LabelMap(grid, 0), 1, 1).empty());
}

}  // namespace
}  // namespace voxsiam::image
