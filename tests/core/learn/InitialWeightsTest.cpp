// Starting a run from a model file (fine-tuning): exactly the tensors whose name and shape match
// are copied, a model of another label scheme is refused in one line unless partial loading is
// asked for, and then only the mismatched output layer starts fresh.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "core/learn/InitialWeights.h"
#include "core/learn/ModelArchive.h"
#include "core/learn/Trainer.h"
#include "tests/core/learn/SyntheticVolumes.h"

namespace voxsiam::learn {
namespace {

namespace fs = std::filesystem;

class Messages : public TrainingObserver {
 public:
  void onStep(const StepReport& step) override { steps.push_back(step); }
  void onMessage(const std::string& message) override { lines.push_back(message); }
  std::vector<StepReport> steps;
  std::vector<std::string> lines;
};

/// A tiny voxel-Siamese model trained once for the whole suite.
class InitialWeights : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = new fs::path(fs::temp_directory_path() /
                           ("voxsiam_init_" + std::to_string(std::random_device()())));
    config_ = new TrainingConfig(test::tinyTrainingConfig("voxsiam"));
    std::atomic<bool> never{false};
    Messages messages;
    Trainer(*config_, (*folder_ / "parent").string(), "{}", "{}")
        .train(test::syntheticVolumes(3, {20, 18, 12}, 4, 1), {}, messages, never);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*folder_);
    delete folder_;
    delete config_;
  }
  static std::string modelFile() { return (*folder_ / "parent" / "model.pt").string(); }
  static std::map<std::string, torch::Tensor> copies(const torch::nn::Module& module) {
    std::map<std::string, torch::Tensor> values;
    for (const auto& item : module.named_parameters()) values[item.key()] = item.value().clone();
    return values;
  }

  static fs::path* folder_;
  static TrainingConfig* config_;
};

fs::path* InitialWeights::folder_ = nullptr;
TrainingConfig* InitialWeights::config_ = nullptr;

TEST_F(InitialWeights, TheSameNetworkLoadsEveryTensorAndEveryFeatureHead) {
  const auto [stored, info] = loadModel(modelFile(), torch::kCPU);
  torch::manual_seed(77);
  UNet3D fresh(config_->network);
  FeatureObjective objective(*config_, *fresh);
  const auto report = initialiseFrom(modelFile(), {config_->network, "{}"}, *fresh, objective.get(),
                                     torch::kCPU, false);
  EXPECT_TRUE(report.fresh.empty()) << report.summary(modelFile());
  EXPECT_EQ(report.loaded, fresh->named_parameters().size() + fresh->named_buffers().size());
  EXPECT_EQ(report.headsLoaded, config_->featureLayers.size());
  const auto expected = stored->named_parameters();
  for (const auto& item : fresh->named_parameters())
    EXPECT_TRUE(torch::equal(item.value(), *expected.find(item.key()))) << item.key();
  const auto heads = loadProjectors(modelFile(), torch::kCPU);
  ASSERT_EQ(heads.size(), objective->heads.size());
  for (std::size_t layer = 0; layer < heads.size(); ++layer) {
    const auto stored = heads[layer].head->named_parameters();
    for (const auto& item : objective->heads[layer]->named_parameters())
      EXPECT_TRUE(torch::equal(item.value(), *stored.find(item.key()))) << item.key();
  }
}

TEST_F(InitialWeights, AnotherLabelSchemeIsRefusedInOneLineAndNothingIsCopied) {
  NetworkConfig wider = config_->network;
  wider.classes += 1;
  UNet3D fresh(wider);
  const auto before = copies(*fresh);
  try {
    initialiseFrom(modelFile(), {wider, "{}"}, *fresh, nullptr, torch::kCPU, false);
    FAIL() << "a model of 4 classes loaded into a network of 5";
  } catch (const std::invalid_argument& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(modelFile()), std::string::npos) << message;
    EXPECT_NE(message.find("label scheme differs (4 classes in the file, 5 in this run)"),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
  for (const auto& item : fresh->named_parameters())
    EXPECT_TRUE(torch::equal(item.value(), before.at(item.key()))) << item.key();
}

TEST_F(InitialWeights, PartialLoadingStartsOnlyTheMismatchedOutputLayerFresh) {
  NetworkConfig wider = config_->network;
  wider.classes += 1;
  const auto [stored, info] = loadModel(modelFile(), torch::kCPU);
  UNet3D fresh(wider);
  const auto before = copies(*fresh);
  const auto report =
      initialiseFrom(modelFile(), {wider, "{}"}, *fresh, nullptr, torch::kCPU, true);
  const auto expected = stored->named_parameters();
  std::size_t mismatched = 0;
  for (const auto& item : fresh->named_parameters()) {
    const auto& original = *expected.find(item.key());
    if (original.sizes().equals(item.value().sizes())) {
      EXPECT_TRUE(torch::equal(item.value(), original)) << item.key() << " was not loaded";
    } else {
      ++mismatched;
      EXPECT_TRUE(torch::equal(item.value(), before.at(item.key()))) << item.key() << " changed";
    }
  }
  EXPECT_GE(mismatched, 1u);
  EXPECT_EQ(report.fresh.size(), mismatched) << report.summary(modelFile());
  EXPECT_NE(report.summary(modelFile()).find("fresh:"), std::string::npos);
}

TEST_F(InitialWeights, AFineTunedRunStartsWhereItsParentEndedAndSaysSo) {
  const auto volumes = test::syntheticVolumes(3, {20, 18, 12}, 4, 1);
  std::atomic<bool> never{false};
  TrainingConfig scratch = *config_;
  scratch.epochs = 1;
  TrainingConfig tuned = scratch;
  tuned.initFrom = modelFile();
  Messages fromScratch, fromParent;
  Trainer(scratch, (*folder_ / "scratch").string(), "{}", "{}")
      .train(volumes, {}, fromScratch, never);
  Trainer(tuned, (*folder_ / "tuned").string(), "{}", "{}").train(volumes, {}, fromParent, never);
  bool said = false;
  for (const auto& line : fromParent.lines) said = said || line.rfind("initialised from", 0) == 0;
  EXPECT_TRUE(said);
  ASSERT_FALSE(fromScratch.steps.empty());
  ASSERT_FALSE(fromParent.steps.empty());
  EXPECT_LT(fromParent.steps.front().diceLoss, fromScratch.steps.front().diceLoss)
      << "the same first batch: the parent's weights already segment it better";
}

}  // namespace
}  // namespace voxsiam::learn
