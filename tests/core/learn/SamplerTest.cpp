#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/learn/VoxelSampler.h"

namespace voxsiam::learn {
namespace {

struct Scene {
  std::vector<int64_t> labels, predictions;
};

/// `perClass[c]` voxels of class c; the first `missed[c]` of each organ class predicted as 0.
Scene scene(const std::vector<int>& perClass, const std::vector<int>& missed) {
  Scene s;
  for (std::size_t c = 0; c < perClass.size(); ++c)
    for (int v = 0; v < perClass[c]; ++v) {
      s.labels.push_back(int64_t(c));
      s.predictions.push_back(v < missed[c] ? 0 : int64_t(c));
    }
  return s;
}

std::map<int64_t, int> countBy(const std::vector<int64_t>& chosen,
                               const std::vector<int64_t>& labels) {
  std::map<int64_t, int> counts;
  for (auto index : chosen) ++counts[labels[index]];
  return counts;
}

TEST(VoxelSampler, KeepsItsLimitsAndTakesFalseNegativesFirst) {
  const auto s = scene({50000, 3000, 2000, 40}, {0, 900, 700, 10});
  std::mt19937_64 random(1);
  const auto chosen = sampleVoxels(s.labels, s.predictions, 4, {1700, 1000}, random);
  EXPECT_EQ(chosen.size(), 1700u);
  EXPECT_EQ(std::set<int64_t>(chosen.begin(), chosen.end()).size(), chosen.size())
      << "no voxel twice";
  int falseNegatives = 0;
  for (std::size_t slot = 0; slot < chosen.size(); ++slot) {
    const auto index = chosen[slot];
    const bool missed = s.labels[index] > 0 && s.predictions[index] != s.labels[index];
    if (slot < 1000) {
      EXPECT_TRUE(missed) << "the first 1000 are false negatives";
    }
    falseNegatives += missed;
  }
  EXPECT_EQ(falseNegatives, 1000);
  // 1610 false negatives compete for 1000 places, balanced: the 10 of class 3 all, then 495 each.
  const auto counts = countBy({chosen.begin(), chosen.begin() + 1000}, s.labels);
  EXPECT_EQ(counts.at(3), 10);
  EXPECT_EQ(counts.at(1), 495);
  EXPECT_EQ(counts.at(2), 495);
}

TEST(VoxelSampler, FewFalseNegativesAreAllTakenAndTheRestIsBalanced) {
  const auto s = scene({50000, 3000, 2000, 40}, {0, 30, 20, 0});
  std::mt19937_64 random(2);
  const auto chosen = sampleVoxels(s.labels, s.predictions, 4, {1700, 1000}, random);
  ASSERT_EQ(chosen.size(), 1700u);
  const auto firstPart = countBy({chosen.begin(), chosen.begin() + 50}, s.labels);
  EXPECT_EQ(firstPart.at(1), 30);
  EXPECT_EQ(firstPart.at(2), 20);
  const auto rest = countBy({chosen.begin() + 50, chosen.end()}, s.labels);
  EXPECT_EQ(rest.at(3), 40) << "a small class gives up its unused share";
  EXPECT_NEAR(rest.at(0), rest.at(1), 1);
  EXPECT_NEAR(rest.at(1), rest.at(2), 1);
}

TEST(VoxelSampler, SmallScenesGiveEverything) {
  const auto s = scene({5, 3}, {0, 3});
  std::mt19937_64 random(3);
  EXPECT_EQ(sampleVoxels(s.labels, s.predictions, 2, {1700, 1000}, random).size(), 8u);
}

}  // namespace
}  // namespace voxsiam::learn
