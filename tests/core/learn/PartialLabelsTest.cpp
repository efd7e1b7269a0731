// Partly labelled cases: a voxel labelled 255 ("not annotated") or of an organ the case does not
// annotate contributes nothing to the Dice loss, the feature labels, the voxel sampler or the
// validation scores, and an unannotated organ is never taught to vanish.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>

#include "core/learn/Losses.h"
#include "core/learn/Trainer.h"
#include "core/learn/VoxelSampler.h"
#include "tests/core/learn/SyntheticVolumes.h"

namespace voxsiam::learn {
namespace {

constexpr int64_t kClasses = 4;

/// Labels of two 6 × 6 × 6 samples: organ 1 in one corner, organ 2 in the other.
torch::Tensor twoSamples() {
  auto labels = torch::zeros({2, 6, 6, 6}, torch::kLong);
  labels.slice(1, 0, 3).slice(2, 0, 3).fill_(1);
  labels.slice(1, 3, 6).slice(2, 3, 6).fill_(2);
  return labels;
}

TEST(PartialLabels, AVoxelLabelled255HasNoGradient) {
  torch::manual_seed(3);
  auto labels = twoSamples();
  labels.select(0, 1).slice(0, 0, 2).fill_(kIgnoreLabel);
  const auto logits = torch::randn({2, kClasses, 6, 6, 6}).requires_grad_(true);
  softDiceLoss(logits, labels).backward();
  const auto gradient = logits.grad().permute({0, 2, 3, 4, 1});  // N D H W K
  const auto ignored = labels.eq(kIgnoreLabel);
  EXPECT_EQ(gradient.index({ignored}).abs().max().item<double>(), 0.0);
  EXPECT_GT(gradient.index({ignored.logical_not()}).abs().max().item<double>(), 0.0);
}

TEST(PartialLabels, HowAnUnannotatedOrganSplitsFromBackgroundDoesNotChangeTheLoss) {
  torch::manual_seed(4);
  auto labels = twoSamples();
  labels.select(0, 0).masked_fill_(labels.select(0, 0).eq(2), 0);  // sample 0 lacks organ 2
  auto annotated = torch::ones({2, kClasses});
  annotated[0][2] = 0;
  const auto logits = torch::randn({2, kClasses, 6, 6, 6});
  auto swapped = logits.clone();  // sample 0: background and organ 2 exchange their logits
  swapped[0][0] = logits[0][2];
  swapped[0][2] = logits[0][0];
  EXPECT_NEAR(softDiceLoss(logits, labels, annotated).item<double>(),
              softDiceLoss(swapped, labels, annotated).item<double>(), 1e-6);
  EXPECT_GT(std::abs(softDiceLoss(logits, labels).item<double>() -
                     softDiceLoss(swapped, labels).item<double>()),
            1e-4)
      << "without the annotation the same swap is punished: organ 2 would be taught to vanish";

  // Any other split of the same mass between the two, voxel by voxel, scores the same too.
  auto resplit = logits.clone();
  const auto mass = logits[0][0].exp() + logits[0][2].exp();
  const auto share = torch::rand_like(mass) * 0.98 + 0.01;
  resplit[0][0] = (mass * share).log();
  resplit[0][2] = (mass * (1 - share)).log();
  EXPECT_NEAR(softDiceLoss(logits, labels, annotated).item<double>(),
              softDiceLoss(resplit, labels, annotated).item<double>(), 1e-6);
}

TEST(PartialLabels, EveryClassAnnotatedGivesTheUsualLoss) {
  torch::manual_seed(5);
  const auto labels = twoSamples();
  const auto logits = torch::randn({2, kClasses, 6, 6, 6});
  EXPECT_NEAR(softDiceLoss(logits, labels, torch::ones({2, kClasses})).item<double>(),
              softDiceLoss(logits, labels).item<double>(), 1e-6);
}

TEST(PartialLabels, FeatureLabelsAndTheSamplerLeaveOutWhatAPartialCaseDoesNotKnow) {
  auto labels = twoSamples();
  labels.select(0, 0).masked_fill_(labels.select(0, 0).eq(2), 0);
  auto annotated = torch::ones({2, kClasses});
  annotated[0][2] = 0;
  const auto features = featureLabels(labels, annotated);
  const auto first = features[0], second = features[1];
  EXPECT_TRUE(first.eq(kIgnoreLabel).equal(labels[0].eq(0))) << "background of sample 0 unknown";
  EXPECT_TRUE(first.eq(1).equal(labels[0].eq(1))) << "its annotated organ is kept";
  EXPECT_TRUE(second.equal(labels[1])) << "a fully labelled sample is unchanged";

  const auto flat = features.flatten();
  std::vector<int64_t> host(flat.data_ptr<int64_t>(), flat.data_ptr<int64_t>() + flat.numel());
  std::mt19937_64 random(1);
  SamplerLimits limits;
  limits.maxSamples = 10000;
  const auto picked =
      sampleVoxels(host, std::vector<int64_t>(host.size(), 0), kClasses, limits, random);
  ASSERT_FALSE(picked.empty());
  for (const int64_t index : picked) ASSERT_NE(host[std::size_t(index)], kIgnoreLabel);
  const auto perSample = labels[0].numel();
  for (const int64_t index : picked)
    if (index < perSample) ASSERT_EQ(host[std::size_t(index)], 1) << "sample 0 gives only organ 1";
}

TEST(PartialLabels, ValidationScoresOnlyTheAnnotatedOrgans) {
  auto volumes = test::syntheticVolumes(3, {20, 18, 12}, kClasses, 2);
  auto validation = test::syntheticVolumes(1, {20, 18, 12}, kClasses, 8);
  validation[0].annotated = {true, true, false, false};
  auto config = test::tinyTrainingConfig("dice");
  config.epochs = 1;
  std::atomic<bool> never{false};
  class Quiet : public TrainingObserver {
  } observer;
  const auto folder = std::filesystem::temp_directory_path() / "voxsiam_partial_validation";
  std::filesystem::remove_all(folder);
  const auto summary =
      Trainer(config, folder.string(), "{}", "{}").train(volumes, validation, observer, never);
  std::filesystem::remove_all(folder);
  ASSERT_EQ(summary.validationDice.size(), std::size_t(kClasses - 1));
  EXPECT_FALSE(std::isnan(summary.validationDice[0]));
  EXPECT_TRUE(std::isnan(summary.validationDice[1]));
  EXPECT_TRUE(std::isnan(summary.validationDice[2]));
}

}  // namespace
}  // namespace voxsiam::learn
