#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/image/ImageReader.h"
#include "core/image/phantom/PhantomGenerator.h"
#include "tests/support/TestData.h"

namespace voxsiam::image::phantom {
namespace {

struct OrganStats {
  double millilitres = 0;
  double centreX = 0;       // mm, LPS (larger = patient's left)
  double interiorMean = 0;  // HU over voxels whose 6 neighbours share the label
  double interiorStd = 0;
};

std::vector<OrganStats> organStats(const PhantomCase& phantom) {
  std::vector<OrganStats> stats(9);
  std::vector<double> count(9, 0), interior(9, 0), sum(9, 0), squares(9, 0);
  const auto& geometry = phantom.labels.geometry();
  const auto& size = geometry.size;
  for (std::size_t k = 1; k + 1 < size[2]; ++k)
    for (std::size_t j = 1; j + 1 < size[1]; ++j)
      for (std::size_t i = 1; i + 1 < size[0]; ++i) {
        const auto label = phantom.labels.at(i, j, k);
        if (!label) continue;
        count[label] += 1;
        stats[label].centreX += geometry.indexToPhysical({double(i), double(j), double(k)})[0];
        const bool inner =
            phantom.labels.at(i - 1, j, k) == label && phantom.labels.at(i + 1, j, k) == label &&
            phantom.labels.at(i, j - 1, k) == label && phantom.labels.at(i, j + 1, k) == label &&
            phantom.labels.at(i, j, k - 1) == label && phantom.labels.at(i, j, k + 1) == label;
        if (!inner) continue;
        const double hu = phantom.image.at(i, j, k);
        interior[label] += 1;
        sum[label] += hu;
        squares[label] += hu * hu;
      }
  const double voxelMl = geometry.spacing[0] * geometry.spacing[1] * geometry.spacing[2] / 1000.0;
  for (int label = 1; label <= 8; ++label) {
    stats[label].millilitres = count[label] * voxelMl;
    stats[label].centreX /= std::max(count[label], 1.0);
    stats[label].interiorMean = sum[label] / std::max(interior[label], 1.0);
    const double mean = stats[label].interiorMean;
    stats[label].interiorStd =
        std::sqrt(squares[label] / std::max(interior[label], 1.0) - mean * mean);
  }
  return stats;
}

TEST(PhantomGenerator, SameSeedSameCaseOtherSeedOtherAnatomy) {
  const PhantomGenerator generator({96, 96, 48});
  const auto a = generator.generate(11), b = generator.generate(11), c = generator.generate(12);
  EXPECT_EQ(a.image.voxels(), b.image.voxels());
  EXPECT_EQ(a.labels.voxels(), b.labels.voxels());
  const auto statsA = organStats(a), statsC = organStats(c);
  for (int label = 1; label <= 8; ++label)
    EXPECT_NE(statsA[label].millilitres, statsC[label].millilitres) << "organ " << label;
  EXPECT_FALSE(a.image.geometry().sameGrid(c.image.geometry()));
}

TEST(PhantomGenerator, OrgansArePlausibleInSizePlaceAndHu) {
  // Ranges in ml; measured phantom volumes sit inside, real adult organs overlap them.
  const double minMl[] = {0, 60, 40, 8, 3, 700, 150, 15, 20};
  const double maxMl[] = {0, 600, 350, 120, 60, 3000, 1500, 200, 250};
  const double expectedHu[] = {0, 48, 150, 8, 45, 62, 25, 45, 32};
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    const auto phantom = PhantomGenerator().generate(seed);
    const auto stats = organStats(phantom);
    for (int label = 1; label <= 8; ++label) {
      EXPECT_GT(stats[label].millilitres, minMl[label]) << "seed " << seed << " organ " << label;
      EXPECT_LT(stats[label].millilitres, maxMl[label]) << "seed " << seed << " organ " << label;
      if (label == 6 || label == 4)
        continue;  // gas in the stomach; the thin oesophagus has few interior voxels
      EXPECT_NEAR(stats[label].interiorMean, expectedHu[label], 15)
          << "seed " << seed << " organ " << label;
      EXPECT_GT(stats[label].interiorStd, 5) << "noise and texture";
    }
    EXPECT_GT(stats[1].centreX, 40) << "spleen on the patient's left";
    EXPECT_GT(stats[2].centreX, 30) << "left kidney on the patient's left";
    EXPECT_LT(stats[5].centreX, -20) << "liver on the patient's right";
  }
}

TEST(PhantomGenerator, HasAirFatMuscleAndBone) {
  const auto phantom = PhantomGenerator().generate(3);
  std::size_t air = 0, fat = 0, bone = 0;
  for (float hu : phantom.image.voxels()) {
    air += hu < -900;
    fat += hu > -130 && hu < -70;
    bone += hu > 300;
  }
  const double n = double(phantom.image.voxelCount());
  EXPECT_GT(air / n, 0.1);
  EXPECT_GT(fat / n, 0.05);
  EXPECT_GT(bone / n, 0.002);
}

TEST(PhantomDataset, WritesTheNnUnetLayout) {
  test::TempFolder folder;
  writePhantomDataset(folder.path().string(), 2, 21);
  const auto root = folder.path();
  for (const char* name : {"phantom_000", "phantom_001"}) {
    EXPECT_TRUE(std::filesystem::exists(root / "imagesTr" / (std::string(name) + "_0000.nii.gz")));
    EXPECT_TRUE(std::filesystem::exists(root / "labelsTr" / (std::string(name) + ".nii.gz")));
  }
  std::ifstream datasetFile(root / "dataset.json");
  const auto dataset = nlohmann::json::parse(datasetFile);
  EXPECT_EQ(dataset["numTraining"], 2);
  EXPECT_EQ(dataset["labels"]["duodenum"], 8);
  const auto image = readVolume((root / "imagesTr" / "phantom_001_0000.nii.gz").string());
  const auto labels = readLabelMap((root / "labelsTr" / "phantom_001.nii.gz").string());
  EXPECT_TRUE(image.geometry().sameGrid(labels.geometry()));
  const auto again = PhantomGenerator().generate(phantomCaseSeed(21, 1));
  EXPECT_EQ(labels.voxels(), again.labels.voxels());
}

}  // namespace
}  // namespace voxsiam::image::phantom
