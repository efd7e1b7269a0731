// voxsiam grow, edit and stats on the real CT of data/totalseg: results checked against the
// label map, and bad input answered with one line, a non-zero exit and no output file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/image/ImageReader.h"
#include "core/image/ImageWriter.h"
#include "tests/support/TestData.h"

namespace voxsiam::test {
namespace {

const std::string kCt = dataPath("totalseg/ct.nii.gz");
const std::string kLabels = dataPath("totalseg/seg_totalseg_ids.nii.gz");

std::size_t countOf(const image::LabelMap& labels, std::uint16_t id) {
  std::size_t count = 0;
  for (std::size_t index = 0; index < labels.voxelCount(); ++index) count += labels[index] == id;
  return count;
}

void expectOneLineError(const ProcessResult& result, int code, const std::string& names) {
  EXPECT_EQ(result.exitCode, code) << result.out << result.err;
  EXPECT_NE(result.err.find(names), std::string::npos) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

TEST(EditCli, StatsPrintsTheLiverAndWritesCsv) {
  TempFolder temp;
  const auto result = runVoxsiam("stats " + kLabels + " --image " + kCt +
                                 " --scheme totalseg_v2 --csv " + temp.file("s.csv"));
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("liver"), std::string::npos) << result.out;
  std::ifstream csv(temp.file("s.csv"));
  std::string header, line, liver;
  std::getline(csv, header);
  while (std::getline(csv, line))
    if (line.rfind("5,liver,", 0) == 0) liver = line;
  EXPECT_EQ(header.substr(0, 34), "label,organ,voxels,volume_ml,mean_");
  EXPECT_EQ(liver.substr(0, 14), "5,liver,41692,") << liver;
}

TEST(EditCli, MarginGrowsTheLiverAndSmoothingKeepsItsSize) {
  TempFolder temp;
  const auto before = image::readLabelMap(kLabels);
  ASSERT_EQ(runVoxsiam("edit " + kLabels + " " + temp.file("m.nii.gz") +
                       " --op margin --organ liver --mm 6 --scheme totalseg_v2")
                .exitCode,
            0);
  const auto grown = image::readLabelMap(temp.file("m.nii.gz"));
  EXPECT_GT(countOf(grown, 5), countOf(before, 5) * 11 / 10) << "6 mm on a liver";
  EXPECT_EQ(countOf(grown, 1), countOf(before, 1)) << "other organs are kept";
  const auto result = runVoxsiam("edit " + kLabels + " " + temp.file("s.nii.gz") +
                                 " --op smooth --smoothing median --organ liver --mm 3 "
                                 "--scheme totalseg_v2");
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto smooth = image::readLabelMap(temp.file("s.nii.gz"));
  EXPECT_NEAR(double(countOf(smooth, 5)), double(countOf(before, 5)), 0.05 * countOf(before, 5));
}

TEST(EditCli, GrowFromSeedsOfTheLiverFindsIt) {
  TempFolder temp;
  const auto reference = image::readLabelMap(kLabels);
  image::LabelMap seeds(reference.geometry(), 0);
  // A liver stroke and a background stroke in the liver's middle slice.
  const auto& size = reference.size();
  std::size_t lowK = size[2], highK = 0;
  for (std::size_t index = 0; index < reference.voxelCount(); ++index)
    if (reference[index] == 5) {
      const auto k = reference.geometry().voxelOf(index)[2];
      lowK = std::min(lowK, k), highK = std::max(highK, k);
    }
  const std::size_t k = (lowK + highK) / 2;
  for (std::size_t j = 0; j < size[1]; ++j)
    for (std::size_t i = 0; i < size[0]; ++i) {
      const bool liverInside = reference.at(i, j, k) == 5 && i > 0 &&
                               reference.at(i - 1, j, k) == 5 && i + 1 < size[0] &&
                               reference.at(i + 1, j, k) == 5;
      if (liverInside && j % 4 == 0) seeds.at(i, j, k) = 5;
    }
  for (std::size_t i = 0; i < size[0]; ++i) seeds.at(i, 2, k) = 255;
  image::writeLabelMap(seeds, temp.file("seeds.nii.gz"));
  const auto result =
      runVoxsiam("grow --image " + kCt + " --seeds " + temp.file("seeds.nii.gz") + " --out " +
                 temp.file("grown.nii.gz") + " --margin-mm 100 --scheme totalseg_v2");
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("liver"), std::string::npos) << result.out;
  const auto grown = image::readLabelMap(temp.file("grown.nii.gz"));
  std::size_t both = 0;
  for (std::size_t index = 0; index < grown.voxelCount(); ++index)
    both += grown[index] == 5 && reference[index] == 5;
  EXPECT_GT(both, countOf(reference, 5) / 2) << "most of the liver is found from one slice";
}

TEST(EditCli, BadInputIsOneLineNonZeroAndNoOutput) {
  TempFolder temp;
  const std::string out = temp.file("out.nii.gz");
  expectOneLineError(
      runVoxsiam("stats " + kLabels + " --image " + dataPath("amos/amos_0013_label.nii.gz")), 1,
      "grid");
  expectOneLineError(runVoxsiam("edit " + temp.file("missing.nii.gz") + " " + out +
                                " --op margin --organ liver --mm 2"),
                     1, "missing.nii.gz");
  expectOneLineError(
      runVoxsiam("edit " + kLabels + " " + out + " --op margin --organ liver --scheme totalseg_v2"),
      2, "--mm");
  expectOneLineError(
      runVoxsiam("edit " + kLabels + " " + out + " --op keep-largest --organ kidney_left"), 1,
      "--scheme");
  expectOneLineError(runVoxsiam("stats " + kLabels + " --image " + kCt), 1, "--scheme");
  expectOneLineError(runVoxsiam("edit " + kLabels + " " + out +
                                " --op margin --organ lungs --mm 2 --scheme totalseg_v2"),
                     1, "lungs");
  expectOneLineError(
      runVoxsiam("edit " + kLabels + " " + out +
                 " --op threshold --organ liver --hu 300,-100 --scheme totalseg_v2 --image " + kCt),
      2, "--hu");
  expectOneLineError(runVoxsiam("edit " + kLabels + " " + kLabels +
                                " --op margin --organ liver "
                                "--mm 2"),
                     2, "OUT");
  image::writeLabelMap(image::LabelMap(image::readLabelMap(kLabels).geometry(), 0),
                       temp.file("empty.nii.gz"));
  expectOneLineError(
      runVoxsiam("grow --image " + kCt + " --seeds " + temp.file("empty.nii.gz") + " --out " + out),
      1, "no organ seeds");
  std::ofstream(temp.file("truncated.nii.gz")) << "not an image";
  expectOneLineError(runVoxsiam("grow --image " + kCt + " --seeds " +
                                temp.file("truncated.nii.gz") + " --out " + out),
                     1, "truncated.nii.gz");
  EXPECT_FALSE(std::filesystem::exists(out)) << "nothing written on failure";
}

}  // namespace
}  // namespace voxsiam::test
