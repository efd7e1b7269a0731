#include <gtest/gtest.h>

#include <algorithm>

#include "core/image/ImageReader.h"
#include "core/image/LabelComponents.h"
#include "tests/support/TestData.h"

namespace voxsiam::image {
namespace {

void paintBox(LabelMap& labels, std::uint16_t label, std::array<std::size_t, 3> low,
              std::array<std::size_t, 3> high) {
  for (std::size_t k = low[2]; k < high[2]; ++k)
    for (std::size_t j = low[1]; j < high[1]; ++j)
      for (std::size_t i = low[0]; i < high[0]; ++i) labels.at(i, j, k) = label;
}

TEST(LabelComponents, SixConnectedPiecesAndOnlyTheLargestStays) {
  LabelMap labels(ImageGeometry{{20, 20, 10}});
  paintBox(labels, 1, {0, 0, 0}, {6, 6, 4});      // 144 voxels
  paintBox(labels, 1, {10, 10, 5}, {12, 12, 7});  // 8 voxels
  paintBox(labels, 1, {6, 6, 4}, {7, 7, 5});      // touches the first only at a corner: separate
  paintBox(labels, 2, {15, 0, 0}, {17, 3, 1});    // 6 voxels, one piece
  const auto pieces = componentsOf(labels, 1);
  ASSERT_EQ(pieces.size(), 3u);
  std::vector<std::size_t> sizes;
  for (const auto& piece : pieces) sizes.push_back(piece.size());
  std::sort(sizes.begin(), sizes.end());
  EXPECT_EQ(sizes, (std::vector<std::size_t>{1, 8, 144}));
  EXPECT_EQ(keepLargestComponents(labels, {1, 2}), 9u);
  EXPECT_EQ(componentsOf(labels, 1).size(), 1u);
  EXPECT_EQ(labels.at(0, 0, 0), 1);
  EXPECT_EQ(labels.at(10, 10, 5), 0);
  EXPECT_EQ(labels.at(6, 6, 4), 0);
  EXPECT_EQ(componentsOf(labels, 2).front().size(), 6u) << "a one-piece organ is untouched";
}

TEST(LabelComponents, ManualAmosLabelsReduceToOnePiecePerOrgan) {
  LabelMap labels = readLabelMap(test::dataPath("amos/amos_0013_label.nii.gz"));
  const std::vector<std::uint16_t> organs{1, 2, 3, 6};  // spleen, kidneys, liver
  std::size_t expectedRemoved = 0;
  for (const auto organ : organs) {
    const auto pieces = componentsOf(labels, organ);
    ASSERT_FALSE(pieces.empty()) << "organ " << organ;
    std::size_t total = 0, largest = 0;
    for (const auto& piece : pieces)
      total += piece.size(), largest = std::max(largest, piece.size());
    EXPECT_GT(double(largest) / total, 0.95) << "a manual organ label is (almost) one piece";
    expectedRemoved += total - largest;
  }
  EXPECT_EQ(keepLargestComponents(labels, organs), expectedRemoved);
  for (const auto organ : organs) EXPECT_EQ(componentsOf(labels, organ).size(), 1u);
}

}  // namespace
}  // namespace voxsiam::image
