// Grow from seeds on a generated two-organ CT: one stroke per organ and one background stroke.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/edit/effects/SeedGrowth.h"

namespace voxsiam::edit {
namespace {

constexpr std::uint16_t kLiver = 5, kSpleen = 1, kSeedBackground = 255;

struct TwoOrgans {
  image::Volume ct;
  image::LabelMap truth;
};

bool insideEllipsoid(const image::ImageGeometry& grid, std::size_t index,
                     std::array<double, 3> centreMm, std::array<double, 3> radiiMm) {
  const auto at = grid.voxelOf(index);
  double sum = 0;
  for (int axis = 0; axis < 3; ++axis) {
    const double offset = (double(at[axis]) * grid.spacing[axis] - centreMm[axis]) / radiiMm[axis];
    sum += offset * offset;
  }
  return sum <= 1;
}

/// A body of fat (-100 HU) in air, a "liver" (60 HU) and a "spleen" (45 HU) in it, noise of
/// 12 HU, on 0.9 x 0.9 x 2 mm voxels.
TwoOrgans twoOrganPhantom() {
  image::ImageGeometry grid{{100, 90, 36}};
  grid.spacing = {0.9, 0.9, 2.0};
  TwoOrgans phantom{image::Volume(grid, -1000.0f), image::LabelMap(grid, 0)};
  std::mt19937 random(7);
  std::normal_distribution<float> noise(0.0f, 12.0f);
  for (std::size_t index = 0; index < grid.voxelCount(); ++index) {
    float value = -1000.0f;
    if (insideEllipsoid(grid, index, {45, 40, 36}, {42, 36, 60})) value = -100.0f;
    if (insideEllipsoid(grid, index, {28, 40, 36}, {18, 20, 24})) {
      value = 60.0f;
      phantom.truth[index] = kLiver;
    } else if (insideEllipsoid(grid, index, {66, 42, 34}, {11, 14, 18})) {
      value = 45.0f;
      phantom.truth[index] = kSpleen;
    }
    phantom.ct[index] = value + noise(random);
  }
  return phantom;
}

/// A straight stroke of `label` in axial slice `k` from (i0, j) to (i1, j), three voxels wide.
void stroke(image::LabelMap& seeds, std::uint16_t label, std::size_t k, std::size_t j,
            std::size_t i0, std::size_t i1) {
  for (std::size_t i = i0; i <= i1; ++i)
    for (std::size_t dj = 0; dj < 3; ++dj) seeds.at(i, j + dj - 1, k) = label;
}

double dice(const image::LabelMap& a, const image::LabelMap& b, std::uint16_t label) {
  std::size_t both = 0, inA = 0, inB = 0;
  for (std::size_t index = 0; index < a.voxelCount(); ++index) {
    both += a[index] == label && b[index] == label;
    inA += a[index] == label;
    inB += b[index] == label;
  }
  return inA + inB ? 2.0 * double(both) / double(inA + inB) : 1.0;
}

TEST(GrowFromSeeds, OneStrokePerOrganAndOneForBackgroundFindBothOrgans) {
  const auto phantom = twoOrganPhantom();
  const auto& grid = phantom.ct.geometry();
  image::LabelMap seeds(grid, 0);
  stroke(seeds, kLiver, 18, 44, 25, 37);           // across the liver's middle
  stroke(seeds, kSpleen, 17, 47, 71, 78);          // across the spleen's
  stroke(seeds, kSeedBackground, 18, 20, 30, 70);  // through the fat in front of both
  image::LabelMap labels(grid, 0);
  ChangeRecorder recorder(labels);
  EXPECT_GT(growFromSeeds(recorder, phantom.ct, seeds, kSeedBackground, 200), 0u);
  const double liver = dice(labels, phantom.truth, kLiver);
  const double spleen = dice(labels, phantom.truth, kSpleen);
  std::cout << "grow from seeds: liver Dice " << liver << ", spleen Dice " << spleen << "\n";
  EXPECT_GE(liver, 0.95);
  EXPECT_GE(spleen, 0.95);
  for (std::size_t index = 0; index < labels.voxelCount(); ++index)
    ASSERT_FALSE(labels[index] != 0 && phantom.ct[index] < -500) << "grew into the air";
}

TEST(GrowFromSeeds, ReseedingRefinesAndKeepsUnseededOrgans) {
  const auto phantom = twoOrganPhantom();
  const auto& grid = phantom.ct.geometry();
  image::LabelMap labels(grid, 0);
  labels.at(2, 2, 2) = 8;  // an organ nobody seeded
  // Without a background seed the liver takes the whole region it can reach; a background seed
  // added afterwards reclaims what is not liver.
  RegionBox box = RegionBox::whole(grid);
  std::vector<unsigned char> locked(grid.voxelCount(), 0);
  locked[grid.linearIndex(2, 2, 2)] = 1;
  SeedGrowth growth(phantom.ct, box, locked);
  growth.addSeeds({{grid.linearIndex(28, 44, 18), kLiver}});
  auto grown = growth.result();
  std::size_t liverVoxels = 0;
  for (const auto label : grown) liverVoxels += label == kLiver;
  EXPECT_EQ(liverVoxels, grid.voxelCount() - 1) << "all but the locked voxel";
  growth.addSeeds({{grid.linearIndex(45, 20, 18), SeedGrowth::kBackground},
                   {grid.linearIndex(1, 1, 1), SeedGrowth::kBackground}});
  grown = growth.result();
  image::LabelMap refined(grid, 0);
  for (std::size_t index = 0; index < grown.size(); ++index)
    refined[index] = grown[index] == kSpleen ? 0 : grown[index];
  EXPECT_GE(dice(refined, phantom.truth, kLiver), 0.9) << "one more seed, no restart";
  EXPECT_EQ(grown[grid.linearIndex(2, 2, 2)], 0) << "locked voxels are never taken";
}

}  // namespace
}  // namespace voxsiam::edit
