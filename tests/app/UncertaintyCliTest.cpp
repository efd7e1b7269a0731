// predict --uncertainty and voxsiam calibration on held-out phantoms: the map is 0..1 on the
// image's grid and picks out the voxels the model gets wrong; the temperature fitted at the end
// of training is stored and reported.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>

#include "core/image/ImageReader.h"
#include "tests/support/TestData.h"

namespace voxsiam::test {
namespace {

/// Area under the ROC curve of `scores` separating the voxels where `positive` holds (ties
/// count half): the chance that a wrong voxel is more uncertain than a right one.
double auroc(const std::vector<float>& scores, const std::vector<bool>& positive) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return scores[a] < scores[b]; });
  double rankSum = 0, positives = 0;
  for (std::size_t start = 0; start < order.size();) {
    std::size_t end = start;
    while (end < order.size() && scores[order[end]] == scores[order[start]]) ++end;
    const double rank = (double(start) + double(end) + 1) / 2;  // mean 1-based rank of the tie
    for (std::size_t index = start; index < end; ++index)
      if (positive[order[index]]) rankSum += rank, positives += 1;
    start = end;
  }
  const double negatives = double(scores.size()) - positives;
  return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
}

class Uncertainty : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder = new TempFolder();
    ASSERT_EQ(runVoxsiam("phantom --out " + folder->file("train") + " --cases 4 --seed 5").exitCode,
              0);
    ASSERT_EQ(runVoxsiam("phantom --out " + folder->file("held") + " --cases 2 --seed 91").exitCode,
              0);
    auto config = nlohmann::json::parse(R"({
      "method": "dice", "validation_fraction": 0.25, "network": {"f_maps": 8, "levels": 3},
      "preprocess": {"mode": "spacing", "spacing": [8, 8, 8]},
      "training": {"patch": [32, 32, 16], "batch_size": 2, "epochs": 40, "steps_per_epoch": 4,
                   "learning_rate": 0.01, "threads": 2, "device": "cpu"}
    })");
    config["data"] = nlohmann::json::array({{{"folder", folder->file("train")}}});
    std::ofstream(folder->file("config.json")) << config.dump();
    trained = new ProcessResult(runVoxsiam("train --config " + folder->file("config.json") +
                                           " --out " + folder->file("run")));
  }
  static void TearDownTestSuite() {
    delete trained;
    delete folder;
  }
  static TempFolder* folder;
  static ProcessResult* trained;
};
TempFolder* Uncertainty::folder = nullptr;
ProcessResult* Uncertainty::trained = nullptr;

void checkTheMapIsZeroToOneAndHigherWhereTheModelIsWrong(TempFolder* folder,
                                                         const ProcessResult* trained) {
  ASSERT_EQ(trained->exitCode, 0) << trained->err;
  EXPECT_NE(trained->out.find("temperature"), std::string::npos) << trained->out;
  const std::string image = folder->file("held/imagesTr/phantom_000_0000.nii.gz");
  const auto predicted = runVoxsiam("predict --model " + folder->file("run/model.pt") +
                                    " --image " + image + " --out " + folder->file("p.nii.gz") +
                                    " --uncertainty " + folder->file("u.nii.gz") + " --tta");
  ASSERT_EQ(predicted.exitCode, 0) << predicted.err;
  EXPECT_NE(predicted.out.find("5 test-time passes"), std::string::npos) << predicted.out;
  const auto uncertainty = image::readVolume(folder->file("u.nii.gz"));
  const auto labels = image::readLabelMap(folder->file("p.nii.gz"));
  const auto reference = image::readLabelMap(folder->file("held/labelsTr/phantom_000.nii.gz"));
  ASSERT_TRUE(uncertainty.geometry().sameGrid(image::readVolume(image).geometry()));
  const auto [low, high] =
      std::minmax_element(uncertainty.voxels().begin(), uncertainty.voxels().end());
  EXPECT_GE(*low, 0.0f);
  EXPECT_LE(*high, 1.0f);
  EXPECT_GT(*high, 0.2f) << "some voxels are uncertain";
  std::vector<bool> wrong(labels.voxelCount());
  std::size_t errors = 0;
  for (std::size_t index = 0; index < wrong.size(); ++index)
    errors += wrong[index] = labels[index] != reference[index];
  ASSERT_GT(errors, 100u) << "a model trained for seconds makes mistakes to find";
  const double area = auroc(uncertainty.voxels(), wrong);
  EXPECT_GE(area, 0.8) << errors << " wrong voxels";
  std::cout << "AUROC of the uncertainty for the " << errors << " wrong voxels: " << area << "\n";
}

void checkCalibrationReportsTheErrorAtTemperatureOneAndAtTheModelsOwn(
    TempFolder* folder, const ProcessResult* trained) {
  ASSERT_EQ(trained->exitCode, 0) << trained->err;
  const auto checked =
      runVoxsiam("calibration --model " + folder->file("run/model.pt") + " --data " +
                 folder->file("held") + " --json " + folder->file("cal.json"));
  ASSERT_EQ(checked.exitCode, 0) << checked.err;
  EXPECT_NE(checked.out.find("expected calibration error at temperature 1"), std::string::npos)
      << checked.out;
  const auto json = nlohmann::json::parse(std::ifstream(folder->file("cal.json")));
  EXPECT_GT(json["voxels"].get<int>(), 1000);
  EXPECT_GT(json["temperature"].get<double>(), 0.05);
  EXPECT_NE(json["temperature"].get<double>(), 1.0) << "a temperature was fitted and stored";
  for (const char* key : {"ece_temperature_1", "ece_model_temperature", "ece_fitted_here"}) {
    EXPECT_GE(json[key].get<double>(), 0.0) << key;
    EXPECT_LE(json[key].get<double>(), 1.0) << key;
  }
  EXPECT_LE(json["ece_fitted_here"].get<double>(), json["ece_temperature_1"].get<double>() + 1e-6);
  const auto missing = runVoxsiam("calibration --model " + folder->file("run/model.pt") +
                                  " --data " + folder->file("nothing"));
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_NE(missing.err.find(folder->file("nothing")), std::string::npos) << missing.err;
  const auto lone = runVoxsiam("predict --model " + folder->file("run/model.pt") + " --image " +
                               folder->file("held/imagesTr/phantom_000_0000.nii.gz") + " --out " +
                               folder->file("q.nii.gz") + " --tta");
  EXPECT_EQ(lone.exitCode, 2) << "--tta without --uncertainty";
}

void checkSuggestRanksTheRealCtAmongPhantomsFirst(TempFolder* folder,
                                                  const ProcessResult* trained) {
  ASSERT_EQ(trained->exitCode, 0) << trained->err;
  const std::string project = folder->file("project");
  ASSERT_EQ(runVoxsiam("project create " + project).exitCode, 0);
  ASSERT_EQ(
      runVoxsiam("project import " + project + " " + folder->file("train") + " --status approved")
          .exitCode,
      0);
  for (const std::string number : {"000", "001"}) {
    const auto held = runVoxsiam("project import " + project + " --image " +
                                 folder->file("held/imagesTr/phantom_" + number + "_0000.nii.gz") +
                                 " --name held_" + number);
    ASSERT_EQ(held.exitCode, 0) << held.err;
  }
  const auto real = runVoxsiam("project import " + project + " --image " +
                               dataPath("totalseg/ct.nii.gz") + " --name real_ct");
  ASSERT_EQ(real.exitCode, 0) << real.err;
  const auto suggested =
      runVoxsiam("project suggest " + project + " --model " + folder->file("run/model.pt"));
  ASSERT_EQ(suggested.exitCode, 0) << suggested.err;
  const auto first = suggested.out.find("  1. ");
  ASSERT_NE(first, std::string::npos) << suggested.out;
  EXPECT_EQ(suggested.out.substr(first + 5, 7), "real_ct") << suggested.out;
  EXPECT_NE(suggested.out.find("novelty"), std::string::npos) << suggested.out;
  EXPECT_NE(suggested.out.find("uncertainty"), std::string::npos) << suggested.out;
  EXPECT_EQ(suggested.out.find("phantom_000 "), std::string::npos)
      << "approved cases are not suggested: " << suggested.out;
  std::cout << suggested.out;
}

/// One model trained once (seconds of CPU, not three times): its uncertainty map, its
/// calibration and the cases it suggests labelling next.
TEST_F(Uncertainty, MapCalibrationAndSuggestionOfAModelTrainedOnPhantoms) {
  {
    SCOPED_TRACE("uncertainty map");
    checkTheMapIsZeroToOneAndHigherWhereTheModelIsWrong(folder, trained);
  }
  {
    SCOPED_TRACE("calibration");
    checkCalibrationReportsTheErrorAtTemperatureOneAndAtTheModelsOwn(folder, trained);
  }
  {
    SCOPED_TRACE("suggest");
    checkSuggestRanksTheRealCtAmongPhantomsFirst(folder, trained);
  }
}

}  // namespace
}  // namespace voxsiam::test
