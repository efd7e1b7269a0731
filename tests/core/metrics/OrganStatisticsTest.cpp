// Organ statistics against plain computations in the test, a sphere's known area, and the real
// TotalSegmentator CT.
#include <gtest/gtest.h>

#include <cmath>

#include "core/image/ImageReader.h"
#include "core/metrics/OrganStatistics.h"
#include "tests/support/TestData.h"

namespace voxsiam::metrics {
namespace {

constexpr double kPi = 3.14159265358979323846;

TEST(OrganStatistics, VolumeMeanHuAndCentroidEqualAPlainComputation) {
  image::ImageGeometry grid{{30, 24, 12}};
  grid.spacing = {0.7, 0.9, 2.5};
  grid.origin = {-100, 50, 20};
  grid.direction = {-1, 0, 0, 0, -1, 0, 0, 0, 1};  // an RAS-stored image read as LPS
  image::LabelMap labels(grid, 0);
  image::Volume ct(grid);
  for (std::size_t index = 0; index < ct.voxelCount(); ++index) {
    const auto at = grid.voxelOf(index);
    ct[index] = float(double(at[0]) * 3 + double(at[1]) * 2 - double(at[2]) * 5);
    if (at[0] >= 4 && at[0] < 20 && at[1] >= 3 && at[1] < 9 && at[2] < 7) labels[index] = 5;
    if (at[0] > 25 && at[1] > 20) labels[index] = 1;
  }
  labels[0] = 255;  // "not annotated" is no organ
  // Plainly: sum over the organ's voxels.
  double count = 0, sum = 0, x = 0, y = 0, z = 0, low = 1e9, high = -1e9;
  for (std::size_t k = 0; k < 7; ++k)
    for (std::size_t j = 3; j < 9; ++j)
      for (std::size_t i = 4; i < 20; ++i) {
        const double value = double(i * 3 + j * 2) - double(k * 5);
        count += 1, sum += value;
        low = std::min(low, value), high = std::max(high, value);
        x += -100 - 0.7 * double(i), y += 50 - 0.9 * double(j), z += 20 + 2.5 * double(k);
      }
  const auto statistics = organStatistics(labels, ct);
  ASSERT_EQ(statistics.size(), 2u);
  const auto& liver = statistics[1];
  ASSERT_EQ(liver.label, 5);
  EXPECT_EQ(liver.voxels, std::size_t(count));
  EXPECT_NEAR(liver.millilitres, count * 0.7 * 0.9 * 2.5 / 1000, 1e-9);
  EXPECT_NEAR(liver.meanHu, sum / count, 1e-9);
  EXPECT_EQ(liver.minHu, low);
  EXPECT_EQ(liver.maxHu, high);
  EXPECT_NEAR(liver.centroidLps[0], x / count, 1e-9);
  EXPECT_NEAR(liver.centroidLps[1], y / count, 1e-9);
  EXPECT_NEAR(liver.centroidLps[2], z / count, 1e-9);
  EXPECT_EQ(statistics[0].label, 1);
}

TEST(OrganStatistics, SurfaceOfASphereAndABoxWithinFivePercent) {
  image::ImageGeometry grid{{130, 90, 40}};
  grid.spacing = {0.8, 0.8, 2.0};
  image::LabelMap labels(grid, 0);
  for (std::size_t index = 0; index < labels.voxelCount(); ++index) {
    const auto at = grid.voxelOf(index);
    const double dx = (double(at[0]) - 44.5) * 0.8, dy = (double(at[1]) - 44.5) * 0.8,
                 dz = (double(at[2]) - 19.5) * 2.0;
    if (dx * dx + dy * dy + dz * dz <= 25.0 * 25.0) labels[index] = 6;
    if (at[0] >= 80 && at[0] < 130 && at[1] >= 2 && at[1] < 40 && at[2] >= 2 && at[2] < 14)
      labels[index] = 2;  // 40 x 30.4 x 24 mm
  }
  const auto statistics = organStatistics(labels, image::Volume(grid, 0.0f));
  ASSERT_EQ(statistics.size(), 2u);
  // Its edges count as rounded at the scale of the normals' smoothing: a little under.
  const double box = 2 * (40.0 * 30.4 + 40.0 * 24 + 30.4 * 24);
  EXPECT_NEAR(statistics[0].surfaceMm2, box, 0.05 * box);
  const double sphere = 4 * kPi * 25.0 * 25.0;
  EXPECT_NEAR(statistics[1].surfaceMm2, sphere, 0.05 * sphere);
  std::cout << "surface: box " << statistics[0].surfaceMm2 << " of " << box << " mm2, sphere "
            << statistics[1].surfaceMm2 << " of " << sphere << " mm2\n";
}

TEST(OrganStatistics, TheRealCtsLiverHasLiverValues) {
  const auto ct = image::readVolume(test::dataPath("totalseg/ct.nii.gz"));
  auto labels = image::readLabelMap(test::dataPath("totalseg/seg_totalseg_ids.nii.gz"));
  for (std::size_t index = 0; index < labels.voxelCount(); ++index)
    if (labels[index] != 5) labels[index] = 0;  // TotalSegmentator's liver
  const auto statistics = organStatistics(labels, ct);
  ASSERT_EQ(statistics.size(), 1u);
  const auto& liver = statistics[0];
  EXPECT_EQ(liver.voxels, 41692u) << "the count data/README.md gives";
  EXPECT_GT(liver.millilitres, 800);
  EXPECT_LT(liver.millilitres, 3500);
  EXPECT_GT(liver.meanHu, 20);
  EXPECT_LT(liver.meanHu, 120);
  // Isoperimetric: a liver's surface exceeds that of a ball of its volume.
  const double radius = std::cbrt(3 * liver.millilitres * 1000 / (4 * kPi));
  EXPECT_GT(liver.surfaceMm2, 4 * kPi * radius * radius);
}

}  // namespace
}  // namespace voxsiam::metrics
