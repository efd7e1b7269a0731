#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/image/ImageReader.h"
#include "core/image/ImageWriter.h"
#include "tests/support/RestoredLattice.h"
#include "tests/support/TestData.h"

namespace voxsiam::test {
namespace {

nlohmann::json infoJson(const std::string& path) {
  const auto result = runVoxsiam("info --json '" + path + "'");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  return nlohmann::json::parse(result.out);
}

void expectVector(const nlohmann::json& actual, const std::vector<double>& expected,
                  double tolerance) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t index = 0; index < expected.size(); ++index)
    EXPECT_NEAR(actual[index].get<double>(), expected[index], tolerance) << index;
}

TEST(CliInfo, TotalSegmentatorCt) {
  const auto json = infoJson(dataPath("totalseg/ct.nii.gz"));
  expectVector(json["size"], {122, 101, 112}, 0);
  expectVector(json["spacing"], {3, 3, 3}, 1e-6);
  expectVector(json["origin"], {177.95633, -11.319, 94.30176}, 1e-3);
  expectVector(json["direction"], {-1, 0, 0, 0, -1, 0, 0, 0, 1}, 1e-9);
  const auto text = runVoxsiam("info '" + dataPath("totalseg/ct.nii.gz") + "'");
  EXPECT_NE(text.out.find("size:       122 x 101 x 112"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("spacing:    3 x 3 x 3 mm"), std::string::npos) << text.out;
}

TEST(CliInfo, DicomSlicesFolder) {
  const auto json = infoJson(dataPath("dcmqi"));
  expectVector(json["size"], {512, 512, 3}, 0);
  expectVector(json["spacing"], {0.810547, 0.810547, 1.0}, 1e-5);
  expectVector(json["origin"], {-235.2, -226.8, -128.69}, 1e-3);
  expectVector(json["direction"], {1, 0, 0, 0, 1, 0, 0, 0, 1}, 1e-9);
  EXPECT_EQ(json["modality"], "CT");
  EXPECT_EQ(json["series_in_folder"], 1);
}

TEST(CliInfo, AmosLabelMap) {
  const auto json = infoJson(dataPath("amos/amos_0013_label.nii.gz"));
  expectVector(json["size"], {512, 512, 82}, 0);
  expectVector(json["spacing"], {0.781, 0.781, 5.0}, 1e-5);
  expectVector(json["origin"], {-199.6093, 199.4817, 1345.5}, 1e-3);
  expectVector(json["direction"], {1, 0, 0, 0, -1, 0, 0, 0, 1}, 1e-9);
  EXPECT_EQ(json["label_counts"]["6"], 373508);
}

TEST(CliConvertEval, MappedLabelsAgreeWithThemselvesAndDegradeWhenCoarsened) {
  TempFolder folder;
  const std::string amos = dataPath("amos/amos_0013_label.nii.gz");
  ASSERT_EQ(
      runVoxsiam("convert '" + amos + "' " + folder.file("g8.nii.gz") + " --map amos").exitCode, 0);
  const auto same = runVoxsiam("eval --pred " + folder.file("g8.nii.gz") + " --ref '" + amos +
                               "' --map-ref amos --json " + folder.file("same.json"));
  ASSERT_EQ(same.exitCode, 0) << same.err;
  std::ifstream sameFile(folder.file("same.json"));
  const auto perfect = nlohmann::json::parse(sameFile);
  EXPECT_DOUBLE_EQ(perfect["liver"]["dice"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(perfect["liver"]["hd95"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(perfect["mean"]["dice"].get<double>(), 1.0);

  ASSERT_EQ(runVoxsiam("convert " + folder.file("g8.nii.gz") + " " + folder.file("coarse.nii.gz") +
                       " --map identity --spacing 4")
                .exitCode,
            0);
  ASSERT_EQ(
      runVoxsiam("convert " + folder.file("coarse.nii.gz") + " " + folder.file("back.nii.gz") +
                 " --map identity --like " + folder.file("g8.nii.gz"))
          .exitCode,
      0);
  const auto coarse =
      runVoxsiam("eval --pred " + folder.file("back.nii.gz") + " --ref " +
                 folder.file("g8.nii.gz") + " --json " + folder.file("coarse.json"));
  ASSERT_EQ(coarse.exitCode, 0) << coarse.err;
  std::ifstream coarseFile(folder.file("coarse.json"));
  const auto degraded = nlohmann::json::parse(coarseFile);
  EXPECT_LT(degraded["liver"]["dice"].get<double>(), 1.0);
  EXPECT_GT(degraded["liver"]["dice"].get<double>(), 0.9);
  EXPECT_GT(degraded["esophagus"]["hd95"].get<double>(), 0.0);
  EXPECT_NE(coarse.out.find("pancreas"), std::string::npos) << coarse.out;
}

TEST(CliEval, ALabelMapStoredWithAFlippedOrSwappedAxisScoresDiceOneExactly) {
  TempFolder temp;
  const image::LabelMap reference =
      image::readLabelMap(dataPath("totalseg/seg_totalseg_ids.nii.gz"));
  image::writeLabelMap(reference, temp.file("ref.nii.gz"));
  image::writeLabelMap(flippedAxis(reference, 1), temp.file("flipped_y.nii.gz"));
  image::writeLabelMap(swappedAxes(reference, 0, 2), temp.file("swapped.nii.gz"));
  for (const char* stored : {"flipped_y.nii.gz", "swapped.nii.gz"}) {
    SCOPED_TRACE(stored);
    const auto result =
        runVoxsiam("eval --pred " + temp.file(stored) + " --ref " + temp.file("ref.nii.gz") +
                   " --scheme totalseg_v2 --json " + temp.file("eval.json"));
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto json = nlohmann::json::parse(std::ifstream(temp.file("eval.json")));
    int organs = 0;
    for (const auto& [name, organ] : json.items()) {
      if (name == "mean" || organ["ref_voxels"].get<long>() == 0) continue;
      EXPECT_EQ(organ["dice"].get<double>(), 1.0) << name;
      ++organs;
    }
    EXPECT_GT(organs, 20) << "the CT's organs were compared";
  }
  const auto different = runVoxsiam("eval --pred " + dataPath("amos/amos_0013_label.nii.gz") +
                                    " --ref " + temp.file("ref.nii.gz"));
  EXPECT_EQ(different.exitCode, 1);
  EXPECT_NE(different.err.find("grid"), std::string::npos) << different.err;
  EXPECT_EQ(std::count(different.err.begin(), different.err.end(), '\n'), 1) << different.err;
  ASSERT_EQ(runVoxsiam("convert " + temp.file("ref.nii.gz") + " " + temp.file("coarse.nii.gz") +
                       " --map identity --spacing 6")
                .exitCode,
            0);
  const auto resampled =
      runVoxsiam("eval --pred " + temp.file("coarse.nii.gz") + " --ref " + temp.file("ref.nii.gz") +
                 " --scheme totalseg_v2 --resample-ref --json " + temp.file("coarse.json"));
  ASSERT_EQ(resampled.exitCode, 0) << resampled.err;
  const auto json = nlohmann::json::parse(std::ifstream(temp.file("coarse.json")));
  EXPECT_EQ(json["liver"]["dice"].get<double>(), 1.0)
      << "the reference resampled onto the 6 mm grid as the copy was (nearest)";
}

TEST(CliProjectImport, LabelsStoredWithAFlippedAxisImportOntoTheImageExactly) {
  TempFolder temp;
  const image::LabelMap reference =
      image::readLabelMap(dataPath("totalseg/seg_totalseg_ids.nii.gz"));
  image::writeLabelMap(flippedAxis(reference, 1), temp.file("flipped_y.nii.gz"));
  const std::string project = temp.file("project");
  ASSERT_EQ(runVoxsiam("project create " + project + " --scheme totalseg_v2").exitCode, 0);
  const auto imported =
      runVoxsiam("project import " + project + " --image " + dataPath("totalseg/ct.nii.gz") +
                 " --label " + temp.file("flipped_y.nii.gz") + " --name ct");
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  const auto exported =
      runVoxsiam("project export " + project + " --case ct --out " + temp.file("out"));
  ASSERT_EQ(exported.exitCode, 0) << exported.err;
  const image::LabelMap stored = image::readLabelMap(temp.file("out/ct_label.nii.gz"));
  EXPECT_TRUE(stored.geometry().sameGrid(reference.geometry()));
  EXPECT_EQ(stored.voxels(), reference.voxels()) << "the same voxels, on the image's grid";
}

TEST(CliVersion, PrintsTheVersion) {
  const auto cli = runVoxsiam("--version");
  EXPECT_EQ(cli.exitCode, 0) << cli.err;
  EXPECT_EQ(cli.out.rfind("voxsiam 0.", 0), 0u) << cli.out;
}

TEST(CliEval, ReportsNullForUndefinedMetrics) {
  TempFolder folder;
  // Esophagus (Gibson-8 id 4) is absent from the TotalSegmentator example: both empty.
  const std::string seg = dataPath("totalseg/seg_totalseg_ids.nii.gz");
  const auto result =
      runVoxsiam("eval --pred '" + seg + "' --ref '" + seg +
                 "' --map-pred totalseg --map-ref totalseg --json " + folder.file("e.json"));
  ASSERT_EQ(result.exitCode, 0) << result.err;
  std::ifstream file(folder.file("e.json"));
  const auto json = nlohmann::json::parse(file);
  EXPECT_TRUE(json["esophagus"]["dice"].is_null());
  EXPECT_TRUE(json["esophagus"]["hd95"].is_null());
  EXPECT_DOUBLE_EQ(json["spleen"]["dice"].get<double>(), 1.0);
  EXPECT_EQ(json["spleen"]["ref_voxels"], 9668);
}

TEST(CliPhantom, WritesCasesThatInfoCanRead) {
  TempFolder folder;
  const auto result = runVoxsiam("phantom --out " + folder.file("ph") + " --cases 2 --seed 3");
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto labels = image::readLabelMap(folder.file("ph/labelsTr/phantom_001.nii.gz"));
  std::vector<bool> present(9, false);
  for (auto label : labels.voxels()) present[label] = true;
  for (int organ = 1; organ <= 8; ++organ) EXPECT_TRUE(present[organ]) << organ;
}

TEST(CliUsage, UnknownCommandsAndOptionsExitTwo) {
  EXPECT_EQ(runVoxsiam("frobnicate").exitCode, 2);
  EXPECT_EQ(runVoxsiam("info --bogus x").exitCode, 2);
  EXPECT_EQ(runVoxsiam("phantom --out /tmp/x --cases many").exitCode, 2);
  EXPECT_EQ(runVoxsiam("eval --pred a.nii.gz").exitCode, 2);
  EXPECT_EQ(runVoxsiam("--help").exitCode, 0);
}

}  // namespace
}  // namespace voxsiam::test
