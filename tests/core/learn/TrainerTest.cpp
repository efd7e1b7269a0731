#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>

#include "core/learn/Trainer.h"
#include "tests/core/learn/SyntheticVolumes.h"

namespace voxsiam::learn {
namespace {

namespace fs = std::filesystem;

/// Records every step; optionally cancels once an epoch is done.
class Recorder : public TrainingObserver {
 public:
  explicit Recorder(std::atomic<bool>* cancelAfter = nullptr, int64_t epoch = -1)
      : cancel_(cancelAfter), epoch_(epoch) {}
  void onStep(const StepReport& step) override { steps.push_back(step); }
  void onEpoch(const EpochReport& report) override {
    epochs.push_back(report);
    if (cancel_ && report.epoch == epoch_) cancel_->store(true);
  }
  std::vector<StepReport> steps;
  std::vector<EpochReport> epochs;

 private:
  std::atomic<bool>* cancel_;
  int64_t epoch_;
};

struct TempRun {
  TempRun()
      : path(fs::temp_directory_path() /
             ("voxsiam_run_" + std::to_string(std::random_device()()))) {}
  ~TempRun() { fs::remove_all(path); }
  fs::path path;
};

TEST(Trainer, ResumeContinuesWithTheSameLossesAsAnUninterruptedRun) {
  const auto volumes = test::syntheticVolumes(3, {20, 18, 12}, 4, 1);
  const auto config = test::tinyTrainingConfig("voxsiam");
  std::atomic<bool> never{false};
  TempRun whole, split;
  Recorder uninterrupted;
  Trainer(config, whole.path.string(), "{}", "{}").train(volumes, {}, uninterrupted, never);
  ASSERT_EQ(uninterrupted.steps.size(), 6u);

  std::atomic<bool> cancel{false};
  Recorder first(&cancel, 1);
  const auto stopped =
      Trainer(config, split.path.string(), "{}", "{}").train(volumes, {}, first, cancel);
  EXPECT_EQ(stopped.outcome, TrainingOutcome::Cancelled);
  EXPECT_TRUE(fs::exists(split.path / "checkpoints" / "last.pt"));
  EXPECT_FALSE(fs::exists(split.path / "model.pt"));
  Recorder second;
  const auto resumed =
      Trainer(config, split.path.string(), "{}", "{}").train(volumes, {}, second, never);
  EXPECT_EQ(resumed.outcome, TrainingOutcome::Finished);
  ASSERT_EQ(second.steps.size(), 2u) << "only the third epoch is left";
  for (int step = 0; step < 2; ++step) {
    EXPECT_EQ(second.steps[step].epoch, 2);
    EXPECT_NEAR(second.steps[step].diceLoss, uninterrupted.steps[4 + step].diceLoss, 1e-6);
    EXPECT_NEAR(second.steps[step].featureLoss, uninterrupted.steps[4 + step].featureLoss, 1e-6);
  }
  EXPECT_TRUE(fs::exists(split.path / "model.pt"));
}

TEST(Trainer, TheTimeBudgetEndsARunWithinAnEpochAndItsModelIsSaved) {
  const auto volumes = test::syntheticVolumes(3, {20, 18, 12}, 4, 1);
  auto config = test::tinyTrainingConfig("dice");
  config.epochs = 3;
  config.stepsPerEpoch = 100000;  // an epoch far longer than the budget
  config.timeBudgetSeconds = 1.0;
  std::atomic<bool> never{false};
  TempRun run;
  Recorder recorder;
  const auto summary =
      Trainer(config, run.path.string(), "{}", "{}").train(volumes, {}, recorder, never);
  EXPECT_EQ(summary.outcome, TrainingOutcome::OutOfTime);
  ASSERT_EQ(recorder.epochs.size(), 1u) << "the first epoch is cut short, not run to its end";
  EXPECT_LT(recorder.steps.size(), 100000u);
  EXPECT_GT(recorder.steps.size(), 0u);
  EXPECT_TRUE(std::isfinite(recorder.epochs.front().meanDiceLoss)) << "the mean of the steps run";
  EXPECT_TRUE(fs::exists(run.path / "model.pt"));
}

TEST(Trainer, EveryMethodLearnsTheSyntheticOrgans) {
  const auto volumes = test::syntheticVolumes(4, {16, 16, 16}, 3, 2);
  for (const std::string method : {"dice", "voxsiam", "scl"}) {
    TrainingConfig config = test::tinyTrainingConfig(method);
    config.network = {1, 3, 8, 3};
    config.patches = false;
    config.augment = false;
    config.epochs = 40;
    config.stepsPerEpoch = 2;
    config.learningRate = 3e-3;
    config.lambda = 1.0;
    TempRun run;
    Recorder recorder;
    std::atomic<bool> never{false};
    const auto summary =
        Trainer(config, run.path.string(), "{}", "{}")
            .train({volumes.begin(), volumes.begin() + 3}, {volumes[3]}, recorder, never);
    EXPECT_LT(recorder.steps.back().diceLoss, recorder.steps.front().diceLoss) << method;
    ASSERT_EQ(summary.validationDice.size(), 2u);
    EXPECT_GT(summary.validationDice[0], 0.5) << "method " << method;
    EXPECT_GT(summary.validationDice[1], 0.5) << "method " << method;
    // Health and gradient norms are recorded every monitorEvery (25) steps: steps 0, 25, 50, 75.
    const auto& monitored = recorder.steps[75];
    ASSERT_EQ(monitored.diceGradientNorm.size(), 3u) << "one norm per encoder level";
    EXPECT_GT(monitored.diceGradientNorm[0], 0);
    EXPECT_TRUE(recorder.steps[74].diceGradientNorm.empty());
    if (method != "dice") {
      ASSERT_FALSE(monitored.health.empty());
      EXPECT_GT(monitored.health[0].zStd, 0.01) << "no collapse";
      ASSERT_EQ(monitored.featureGradientNorm.size(), 3u);
      EXPECT_GT(monitored.featureGradientNorm[2], 0) << "the feature loss reaches level 2";
    }
  }
}

TEST(Trainer, RejectsImpossibleConfigurations) {
  auto config = test::tinyTrainingConfig("dice");
  config.patchSize = {15, 16, 8};
  Recorder recorder;
  std::atomic<bool> never{false};
  TempRun run;
  EXPECT_THROW(Trainer(config, run.path.string(), "{}", "{}")
                   .train(test::syntheticVolumes(1, {16, 16, 8}, 4, 1), {}, recorder, never),
               std::invalid_argument);
  EXPECT_THROW(chooseDevice("tpu"), std::invalid_argument);
  EXPECT_EQ(chooseDevice("cpu"), "cpu");
}

}  // namespace
}  // namespace voxsiam::learn
