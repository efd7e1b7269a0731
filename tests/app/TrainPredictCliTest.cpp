#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/image/ImageReader.h"
#include "core/image/LabelComponents.h"
#include "tests/support/TestData.h"

namespace voxsiam::test {
namespace {

namespace fs = std::filesystem;

/// A configuration small enough to train in seconds.
nlohmann::json tinyConfig(const std::string& data) {
  auto config = nlohmann::json::parse(R"({
    "method": "voxsiam", "validation_fraction": 0.34,
    "network": {"f_maps": 4, "levels": 3},
    "preprocess": {"mode": "spacing", "spacing": [8, 8, 8]},
    "feature": {"layers": [2, 1], "layer_weights": [1, 1], "hidden": 16, "max_samples": 300, "max_false_negatives": 100},
    "training": {"patch": [16, 16, 16], "batch_size": 2, "epochs": 2, "steps_per_epoch": 2, "threads": 2, "device": "cpu"}
  })");
  config["data"] = nlohmann::json::array({{{"folder", data}}});
  return config;
}

void writeJson(const std::string& path, const nlohmann::json& json) {
  std::ofstream(path) << json.dump(2);
}

std::vector<nlohmann::json> readLines(const std::string& path) {
  std::ifstream file(path);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(file, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

class TrainPredict : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder = new TempFolder();
    ASSERT_EQ(runVoxsiam("phantom --out " + folder->file("ph") + " --cases 3 --seed 5").exitCode,
              0);
  }
  static void TearDownTestSuite() { delete folder; }
  static TempFolder* folder;
};
TempFolder* TrainPredict::folder = nullptr;

TEST_F(TrainPredict, TrainWritesTheRunFolderAndPredictGivesLabelsInTheImageGeometry) {
  writeJson(folder->file("tiny.json"), tinyConfig(folder->file("ph")));
  const std::string run = folder->file("run");
  const auto trained = runVoxsiam("train --config " + folder->file("tiny.json") + " --out " + run);
  ASSERT_EQ(trained.exitCode, 0) << trained.err << trained.out;
  for (const char* file :
       {"config.json", "metrics.jsonl", "split.json", "model.pt", "checkpoints/last.pt"})
    EXPECT_TRUE(fs::exists(fs::path(run) / file)) << file;
  const auto lines = readLines(run + "/metrics.jsonl");
  ASSERT_EQ(lines.size(), 6u) << "2 epochs of 2 steps, one line per step and per epoch";
  EXPECT_EQ(lines[0]["type"], "step");
  EXPECT_EQ(lines[0]["collapse_monitor"].size(), 2u);
  EXPECT_EQ(lines[2]["type"], "epoch");
  EXPECT_TRUE(lines[2]["validation_dice"].contains("liver"));

  const std::string image = folder->file("ph/imagesTr/phantom_001_0000.nii.gz");
  const auto predicted = runVoxsiam("predict --model " + run + "/model.pt --image " + image +
                                    " --out " + folder->file("p.nii.gz"));
  ASSERT_EQ(predicted.exitCode, 0) << predicted.err;
  EXPECT_NE(predicted.out.find("liver"), std::string::npos);
  EXPECT_TRUE(image::readLabelMap(folder->file("p.nii.gz"))
                  .geometry()
                  .sameGrid(image::readVolume(image).geometry()));

  const auto largest =
      runVoxsiam("predict --model " + run + "/model.pt --image " + image + " --out " +
                 folder->file("largest.nii.gz") + " --largest-component");
  ASSERT_EQ(largest.exitCode, 0) << largest.err;
  const auto cleaned = image::readLabelMap(folder->file("largest.nii.gz"));
  const auto everything = image::readLabelMap(folder->file("p.nii.gz"));
  std::size_t dropped = 0;
  for (std::size_t index = 0; index < cleaned.voxelCount(); ++index) {
    if (cleaned[index] != 0) ASSERT_EQ(cleaned[index], everything[index]) << "kept as predicted";
    dropped += cleaned[index] != everything[index];
  }
  for (std::uint16_t organ = 1; organ <= 8; ++organ)
    EXPECT_LE(image::componentsOf(cleaned, organ).size(), 1u) << "organ " << organ;
  std::size_t extraPieces = 0;
  for (std::uint16_t organ = 1; organ <= 8; ++organ)
    extraPieces += std::max<std::size_t>(image::componentsOf(everything, organ).size(), 1) - 1;
  EXPECT_EQ(dropped > 0, extraPieces > 0) << "islands of the raw output are what was dropped";

  const auto dicom = runVoxsiam("predict --model " + run + "/model.pt --image '" +
                                dataPath("dcmqi") + "' --out " + folder->file("d.nii.gz"));
  ASSERT_EQ(dicom.exitCode, 0) << dicom.err;
  EXPECT_TRUE(image::readLabelMap(folder->file("d.nii.gz"))
                  .geometry()
                  .sameGrid(image::readVolume(dataPath("dcmqi")).geometry()));

  const auto again = runVoxsiam("train --config " + folder->file("tiny.json") + " --out " + run);
  EXPECT_EQ(again.exitCode, 1);
  EXPECT_NE(again.err.find("finished run"), std::string::npos) << again.err;
}

/// A folder in the nnU-Net layout mixing NIfTI, NRRD and MetaImage, with a case without labels
/// and a test part: `project import` and `train --data` must find the same cases in it.
TEST_F(TrainPredict, ImportAndTrainFindTheSameCasesInOneFolder) {
  const fs::path ph = folder->file("ph"), mixed = folder->file("mixed");
  for (const char* part : {"imagesTr", "labelsTr", "imagesTs"})
    fs::create_directories(mixed / part);
  const auto image = [&](int n) {
    return (ph / "imagesTr" / ("phantom_00" + std::to_string(n) + "_0000.nii.gz")).string();
  };
  const auto label = [&](int n) {
    return (ph / "labelsTr" / ("phantom_00" + std::to_string(n) + ".nii.gz")).string();
  };
  fs::copy_file(image(0), mixed / "imagesTr" / "a_0000.nii.gz");
  fs::copy_file(label(0), mixed / "labelsTr" / "a.nii.gz");
  ASSERT_EQ(runVoxsiam("convert " + image(1) + " " + (mixed / "imagesTr" / "b_0000.nrrd").string())
                .exitCode,
            0);
  ASSERT_EQ(
      runVoxsiam("convert " + label(1) + " " + (mixed / "labelsTr" / "b.nrrd").string()).exitCode,
      0);
  ASSERT_EQ(runVoxsiam("convert " + image(2) + " " + (mixed / "imagesTr" / "c_0000.mha").string())
                .exitCode,
            0);
  fs::copy_file(image(0), mixed / "imagesTs" / "t_0000.nii.gz");

  const std::string project = folder->file("mixed-project");
  ASSERT_EQ(runVoxsiam("project create " + project).exitCode, 0);
  const auto imported = runVoxsiam("project import " + project + " " + mixed.string());
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  const auto listed = nlohmann::json::parse(runVoxsiam("project list " + project + " --json").out);
  std::map<std::string, int> versions;
  for (const auto& entry : listed["cases"]) versions[entry["name"]] = entry["versions"];
  EXPECT_EQ(versions, (std::map<std::string, int>{{"a", 1}, {"b", 1}, {"c", 0}, {"t", 0}}))
      << "import: every case, the unlabelled one without a label version";

  auto config = tinyConfig(mixed.string());
  config["training"]["epochs"] = 1;
  const std::string configPath = folder->file("mixed.json");
  writeJson(configPath, config);
  const auto refused =
      runVoxsiam("train --config " + configPath + " --out " + folder->file("mixed-run"));
  EXPECT_EQ(refused.exitCode, 1);
  EXPECT_NE(refused.err.find("c_0000.mha: case c has no label file"), std::string::npos)
      << refused.err;
  EXPECT_FALSE(fs::exists(folder->file("mixed-run")));

  ASSERT_EQ(
      runVoxsiam("convert " + label(2) + " " + (mixed / "labelsTr" / "c.mha").string()).exitCode,
      0);
  const auto trained =
      runVoxsiam("train --config " + configPath + " --out " + folder->file("mixed-run"));
  ASSERT_EQ(trained.exitCode, 0) << trained.err;
  for (const char* name : {"a", "b", "c"})
    EXPECT_NE(trained.out.find(std::string("prepared ") + name + " "), std::string::npos)
        << trained.out;
  EXPECT_EQ(trained.out.find("prepared t "), std::string::npos)
      << "the test part is not trained on";
}

TEST_F(TrainPredict, ConfigErrorsNameTheKeyAndTheAllowedValues) {
  auto config = tinyConfig(folder->file("ph"));
  const std::pair<std::function<void(nlohmann::json&)>, std::string> cases[] = {
      {[](nlohmann::json& c) { c["training"]["epoch"] = 3; }, "unknown key 'training.epoch'"},
      {[](nlohmann::json& c) { c["training"]["precision"] = "fp16"; },
       "key 'training.precision' must be one of: fp32, bf16"},
      {[](nlohmann::json& c) { c["method"] = "simclr"; },
       "key 'method' must be one of: dice, voxsiam, scl"},
      {[](nlohmann::json& c) { c["training"]["batch_size"] = 0; },
       "key 'training.batch_size' must be a whole number in [1, 1024]"},
      {[](nlohmann::json& c) { c["training"]["augment_scale"] = 1.5; },
       "key 'training.augment_scale' must be a number in [0, 0.9]"},
      {[](nlohmann::json& c) { c["preprocess"]["reorient"] = "yes"; },
       "key 'preprocess.reorient' must be true or false"},
      {[](nlohmann::json& c) {
         c["feature"]["layers"] = {5};
         c["feature"]["layer_weights"] = {1};
       },
       "key 'feature.layers' holds level 5"},
  };
  for (const auto& [change, message] : cases) {
    auto broken = config;
    change(broken);
    writeJson(folder->file("broken.json"), broken);
    const auto result = runVoxsiam("train --config " + folder->file("broken.json") + " --out " +
                                   folder->file("never"));
    EXPECT_EQ(result.exitCode, 1) << message;
    EXPECT_NE(result.err.find(folder->file("broken.json")), std::string::npos) << result.err;
    EXPECT_NE(result.err.find(message), std::string::npos) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_FALSE(fs::exists(folder->file("never")));
  }
}

TEST_F(TrainPredict, BadModelAndMismatchedLabelsGiveOneLineErrors) {
  std::ofstream(folder->file("fake.pt")) << "not a model";
  const auto fake = runVoxsiam("predict --model " + folder->file("fake.pt") + " --image " +
                               folder->file("ph/imagesTr/phantom_000_0000.nii.gz") + " --out " +
                               folder->file("x.nii.gz"));
  EXPECT_EQ(fake.exitCode, 1);
  EXPECT_NE(fake.err.find(folder->file("fake.pt")), std::string::npos) << fake.err;
  EXPECT_EQ(std::count(fake.err.begin(), fake.err.end(), '\n'), 1) << fake.err;
  EXPECT_FALSE(fs::exists(folder->file("x.nii.gz")));

  const std::string label = dataPath("amos/amos_0013_label.nii.gz");
  const auto mismatched = runVoxsiam("train --preset cpu-quick --case " +
                                     folder->file("ph/imagesTr/phantom_000_0000.nii.gz") + "," +
                                     label + ",amos --out " + folder->file("mm"));
  EXPECT_EQ(mismatched.exitCode, 1);
  EXPECT_NE(mismatched.err.find(label), std::string::npos) << mismatched.err;
  EXPECT_NE(mismatched.err.find("differs from its image"), std::string::npos) << mismatched.err;
  EXPECT_FALSE(fs::exists(folder->file("mm"))) << "no run folder is left behind";
}

}  // namespace
}  // namespace voxsiam::test

namespace voxsiam::test {
namespace {

TEST_F(TrainPredict, EmbedSamplesVoxelsPerOrganLinkedToTheirVoxels) {
  writeJson(folder->file("tiny.json"), tinyConfig(folder->file("ph")));
  const std::string run = folder->file("run-embed");
  ASSERT_EQ(runVoxsiam("train --config " + folder->file("tiny.json") + " --out " + run).exitCode,
            0);
  const std::string image = folder->file("ph/imagesTr/phantom_000_0000.nii.gz");
  const std::string label = folder->file("ph/labelsTr/phantom_000.nii.gz");
  const auto embedded =
      runVoxsiam("embed --model " + run + "/model.pt --image " + image + " --label " + label +
                 " --layer enc1 --per-class 40 --case p0 --out " + folder->file("features.csv"));
  ASSERT_EQ(embedded.exitCode, 0) << embedded.err;
  std::ifstream csv(folder->file("features.csv"));
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header.substr(0, 6), "f0,f1,");
  EXPECT_NE(header.find(",case,voxel,i,j,k,organ,predicted"), std::string::npos) << header;
  const auto labels = image::readLabelMap(label);
  std::map<int, int> perOrgan;
  int rows = 0, agreeing = 0;
  for (std::string line; std::getline(csv, line); ++rows) {
    std::vector<std::string> cells;
    std::stringstream stream(line);
    for (std::string cell; std::getline(stream, cell, ',');) cells.push_back(cell);
    const std::size_t n = cells.size();
    const int organ = std::stoi(cells[n - 2]);
    ++perOrgan[organ];
    EXPECT_EQ(cells[n - 7], "p0");
    const std::size_t i = std::stoul(cells[n - 5]), j = std::stoul(cells[n - 4]),
                      k = std::stoul(cells[n - 3]);
    EXPECT_EQ(std::stoul(cells[n - 6]), labels.geometry().linearIndex(i, j, k));
    agreeing += labels.at(i, j, k) == organ;
  }
  EXPECT_EQ(perOrgan.size(), 8u);
  for (const auto& [organ, count] : perOrgan) EXPECT_LE(count, 40) << organ;
  EXPECT_GT(agreeing, rows * 8 / 10) << "sampled voxels do not land on their organ in the image";
  const auto tsne = runVoxsiam("tsne --in " + folder->file("features.csv") + " --out " +
                               folder->file("xy.csv") + " --perplexity 20");
  EXPECT_EQ(tsne.exitCode, 0) << tsne.err;
  const auto badLayer =
      runVoxsiam("embed --model " + run + "/model.pt --image " + image + " --label " + label +
                 " --layer enc9 --out " + folder->file("bad.csv"));
  EXPECT_EQ(badLayer.exitCode, 2);
  EXPECT_NE(badLayer.err.find("enc0 .. enc2, proj2, proj1"), std::string::npos) << badLayer.err;
  const auto projected =
      runVoxsiam("embed --model " + run + "/model.pt --image " + image + " --label " + label +
                 " --layer proj2 --per-class 10 --out " + folder->file("proj.csv"));
  ASSERT_EQ(projected.exitCode, 0) << projected.err;
  EXPECT_NE(projected.out.find("x 16 features from proj2"), std::string::npos) << projected.out;
}

}  // namespace
}  // namespace voxsiam::test

namespace voxsiam::test {
namespace {

TEST_F(TrainPredict, FineTuningStartsFromAModelAndRefusesAnotherSchemeInOneLine) {
  writeJson(folder->file("parent.json"), tinyConfig(folder->file("ph")));
  const std::string parent = folder->file("parent");
  ASSERT_EQ(
      runVoxsiam("train --config " + folder->file("parent.json") + " --out " + parent).exitCode, 0);
  const std::string model = parent + "/model.pt";

  auto partial = tinyConfig(folder->file("ph"));
  partial["data"][0]["annotated"] = {"liver"};  // the other organs are unknown in these labels
  writeJson(folder->file("child.json"), partial);
  const auto tuned = runVoxsiam("train --config " + folder->file("child.json") + " --out " +
                                folder->file("child") + " --init-from " + model);
  ASSERT_EQ(tuned.exitCode, 0) << tuned.err;
  EXPECT_NE(tuned.out.find("initialised from " + model), std::string::npos) << tuned.out;
  const auto stored = nlohmann::json::parse(std::ifstream(folder->file("child/config.json")));
  EXPECT_EQ(stored["training"]["init_from"], model);
  EXPECT_EQ(stored["data"][0]["annotated"], nlohmann::json::array({"liver"}));

  auto otherScheme = tinyConfig(folder->file("ph"));
  otherScheme["scheme"] = "btcv";
  otherScheme["data"][0]["map"] = "identity";
  writeJson(folder->file("other.json"), otherScheme);
  const auto refused = runVoxsiam("train --config " + folder->file("other.json") + " --out " +
                                  folder->file("other") + " --init-from " + model);
  EXPECT_EQ(refused.exitCode, 1) << refused.out;
  EXPECT_NE(refused.err.find(model + ": label scheme differs"), std::string::npos) << refused.err;
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;

  const auto missing = runVoxsiam("train --config " + folder->file("parent.json") + " --out " +
                                  folder->file("none") + " --init-from " + folder->file("no.pt"));
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_NE(missing.err.find(folder->file("no.pt") + ": no such model file"), std::string::npos)
      << missing.err;
  EXPECT_FALSE(fs::exists(folder->file("none")));

  partial["data"][0]["annotated"] = {"livre"};
  writeJson(folder->file("typo.json"), partial);
  const auto typo =
      runVoxsiam("train --config " + folder->file("typo.json") + " --out " + folder->file("typo"));
  EXPECT_EQ(typo.exitCode, 1);
  EXPECT_NE(typo.err.find("unknown organ 'livre'"), std::string::npos) << typo.err;
}

}  // namespace
}  // namespace voxsiam::test

namespace voxsiam::test {
namespace {

/// A Dice-only run that learns the phantoms' large organs in seconds; `map` may drop an organ.
nlohmann::json quickDiceConfig(const std::string& data, const std::string& map) {
  auto config = nlohmann::json::parse(R"({
    "method": "dice", "validation_fraction": 0, "network": {"f_maps": 8, "levels": 3},
    "feature": {"layers": [2, 1], "layer_weights": [1, 1]},
    "preprocess": {"mode": "spacing", "spacing": [8, 8, 8]},
    "training": {"patch": [32, 32, 16], "batch_size": 2, "epochs": 30, "steps_per_epoch": 4,
                 "learning_rate": 0.01, "threads": 2, "device": "cpu"}
  })");
  config["data"] = nlohmann::json::array({{{"folder", data}, {"map", map}}});
  return config;
}

TEST_F(TrainPredict, CompareNamesTheOrganARetrainedModelLostAndExits3) {
  std::ofstream(folder->file("noliver.json"))
      << R"({"name": "noliver", "from": "gibson8", "to": "gibson8",
             "pairs": [[1,1],[2,2],[3,3],[4,4],[5,0],[6,6],[7,7],[8,8]]})";
  writeJson(folder->file("a.json"), quickDiceConfig(folder->file("ph"), "identity"));
  writeJson(folder->file("b.json"),
            quickDiceConfig(folder->file("ph"), folder->file("noliver.json")));
  for (const char* run : {"a", "b"}) {
    const auto trained = runVoxsiam("train --config " + folder->file(std::string(run) + ".json") +
                                    " --out " + folder->file(std::string("cmp_") + run));
    ASSERT_EQ(trained.exitCode, 0) << trained.err;
  }
  const std::string a = folder->file("cmp_a/model.pt"), b = folder->file("cmp_b/model.pt");
  const auto same =
      runVoxsiam("compare --model " + a + " --model " + a + " --data " + folder->file("ph"));
  EXPECT_EQ(same.exitCode, 0) << same.err;
  EXPECT_NE(same.out.find("mean                liver"), std::string::npos) << same.out;

  const auto worse = runVoxsiam("compare --model " + a + " --model " + b + " --data " +
                                folder->file("ph") + " --json " + folder->file("cmp.json"));
  EXPECT_EQ(worse.exitCode, 3) << worse.err;
  EXPECT_NE(worse.err.find(b + " regresses on liver"), std::string::npos) << worse.err;
  const auto json = nlohmann::json::parse(std::ifstream(folder->file("cmp.json")));
  // Liver is the constructed regression; a neighbour may lose a little too (B never saw liver).
  const auto regressed = json["regressed"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(regressed.begin(), regressed.end(), "liver"), regressed.end()) << json.dump();
  for (const auto& [organ, scores] : json["mean"].items())
    if (organ != "liver" && scores["dice_b_minus_a"].is_number())
      EXPECT_GT(scores["dice_b_minus_a"].get<double>(),
                json["mean"]["liver"]["dice_b_minus_a"].get<double>())
          << organ << " lost more than the liver";
  EXPECT_EQ(json["cases"].size(), 3u);
  EXPECT_LT(json["mean"]["liver"]["dice_b_minus_a"].get<double>(), -0.2);
  EXPECT_GT(json["mean"]["liver"]["dice_a"].get<double>(), 0.3) << "model A found the liver";

  const auto lenient = runVoxsiam("compare --model " + a + " --model " + b + " --data " +
                                  folder->file("ph") + " --max-drop 1");
  EXPECT_EQ(lenient.exitCode, 0) << "no organ can drop by more than 1";
  const auto one = runVoxsiam("compare --model " + a + " --data " + folder->file("ph"));
  EXPECT_EQ(one.exitCode, 2) << one.err;
}

}  // namespace
}  // namespace voxsiam::test
