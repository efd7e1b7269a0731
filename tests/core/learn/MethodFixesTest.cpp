// Tests of the review's fixes to the voxel-level Siamese method (issue: the method made right):
// augmentation that invents no background, rigid rotation on anisotropic patches, paired batch
// streams, coarse-layer labels, hard background, class weights and region targets.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <unistd.h>

#include <filesystem>

#include "core/learn/BatchSource.h"
#include "core/learn/FeatureObjective.h"
#include "core/learn/Inference.h"
#include "core/learn/Losses.h"
#include "core/learn/Trainer.h"
#include "core/learn/VoxelSampler.h"
#include "tests/core/learn/SyntheticVolumes.h"

namespace voxsiam::learn {
namespace {

namespace fs = std::filesystem;

TrainingVolume uniformOrgan(std::array<int64_t, 3> size, std::array<double, 3> spacing) {
  TrainingVolume volume;
  volume.name = "organ";
  volume.size = size;
  volume.spacing = spacing;
  const auto voxels = std::size_t(size[0] * size[1] * size[2]);
  volume.image.assign(voxels, 1.0f);
  volume.labels.assign(voxels, 1);
  return volume;
}

TrainingConfig strongestAugmentation() {
  TrainingConfig config;
  config.patchSize = {32, 32, 16};
  config.batchSize = 4;
  config.augment = true;
  config.augmentRotationDegrees = 180;
  config.augmentScale = 0.9;
  config.foregroundOversampling = 1.0;
  return config;
}

TEST(Augmentation, NoPatchVoxelFromOutsideTheScanIsCountedAsBackground) {
  // Every voxel of the scan is organ 1: a 0 in a batch can only be invented by the warp.
  BatchSource source({uniformOrgan({40, 36, 20}, {0.8, 0.8, 2.5})}, strongestAugmentation());
  std::mt19937_64 random(3);
  int64_t ignored = 0, organ = 0;
  for (int batch = 0; batch < 20; ++batch) {
    const auto labels = source.next(random).labels;
    EXPECT_EQ(labels.eq(0).sum().item<int64_t>(), 0) << "background invented in batch " << batch;
    ignored += labels.eq(kIgnoreLabel).sum().item<int64_t>();
    organ += labels.eq(1).sum().item<int64_t>();
  }
  EXPECT_GT(ignored, 0) << "the strongest warps reach outside the scan";
  EXPECT_GT(organ, ignored);
}

TEST(Augmentation, PaddingBeyondASmallVolumeIsIgnoredNotBackground) {
  auto config = strongestAugmentation();
  config.augment = false;
  BatchSource source({uniformOrgan({20, 40, 10}, {1, 1, 1})}, config);
  std::mt19937_64 random(1);
  const auto labels = source.next(random).labels;
  EXPECT_EQ(labels.eq(0).sum().item<int64_t>(), 0);
  EXPECT_EQ(labels.eq(kIgnoreLabel).sum().item<int64_t>(), 4 * (32 * 32 * 16 - 20 * 32 * 10));
}

/// Volume (mm³) and eigenvalues (mm²) of the covariance of the organ's voxel positions.
std::pair<double, std::vector<double>> shapeOf(const torch::Tensor& labels,
                                               const std::array<double, 3>& spacingDhw) {
  const auto where = torch::nonzero(labels.eq(1)).to(torch::kDouble);
  const auto mm =
      where * torch::tensor({spacingDhw[0], spacingDhw[1], spacingDhw[2]}, torch::kDouble);
  const auto centred = mm - mm.mean(0);
  const auto covariance = centred.t().mm(centred) / double(mm.size(0));
  const auto eigen = torch::linalg_eigvalsh(covariance);
  return {double(mm.size(0)) * spacingDhw[0] * spacingDhw[1] * spacingDhw[2],
          {eigen[0].item<double>(), eigen[1].item<double>(), eigen[2].item<double>()}};
}

TEST(Augmentation, RotationIsRigidOnAnAnisotropicPatch) {
  // A 64 x 64 x 32 patch (i, j, k) of 1 mm voxels: 64 x 64 x 32 mm, so a rotation composed in
  // normalised patch coordinates shears; composed in millimetres it keeps a sphere a sphere.
  TrainingVolume ball = uniformOrgan({64, 64, 32}, {1, 1, 1});
  for (int64_t k = 0; k < 32; ++k)
    for (int64_t j = 0; j < 64; ++j)
      for (int64_t i = 0; i < 64; ++i) {
        const double r2 = std::pow(i - 31.5, 2) + std::pow(j - 31.5, 2) + std::pow(k - 15.5, 2);
        ball.labels[std::size_t(i + 64 * (j + 64 * k))] = r2 <= 13.0 * 13.0 ? 1 : 0;
      }
  TrainingConfig config;
  config.patchSize = {64, 64, 32};
  config.batchSize = 1;
  config.augmentRotationDegrees = 15;
  config.augmentScale = 0;
  config.augmentNoise = 0;
  config.foregroundOversampling = 0;
  config.augment = false;
  std::mt19937_64 first(1);
  const auto [volume, axes] = shapeOf(BatchSource({ball}, config).next(first).labels[0], {1, 1, 1});
  config.augment = true;
  BatchSource source({ball}, config);
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    std::mt19937_64 random(seed);
    const auto [turnedVolume, turnedAxes] = shapeOf(source.next(random).labels[0], {1, 1, 1});
    EXPECT_NEAR(turnedVolume / volume, 1.0, 0.02) << "seed " << seed;
    for (int axis = 0; axis < 3; ++axis)
      EXPECT_NEAR(turnedAxes[axis] / axes[axis], 1.0, 0.02) << "seed " << seed << " axis " << axis;
  }
}

TEST(PairedStreams, DiceOnlyAndVoxelSiameseSeeTheSameBatches) {
  const auto volumes = test::syntheticVolumes(3, {24, 24, 16}, 4, 1);
  std::vector<std::vector<uint64_t>> streams;
  for (const std::string method : {"dice", "voxsiam", "scl"}) {
    TrainingConfig config = test::tinyTrainingConfig(method);
    config.epochs = 2;
    config.stepsPerEpoch = 10;
    config.threads = 1;
    struct Hashes : TrainingObserver {
      std::vector<uint64_t> seen;
      void onStep(const StepReport& step) override { seen.push_back(step.batchHash); }
    } hashes;
    const fs::path run =
        fs::temp_directory_path() / ("voxsiam-paired-" + method + "-" + std::to_string(::getpid()));
    std::atomic<bool> never{false};
    Trainer(config, run.string(), "{}", "{}").train(volumes, {}, hashes, never);
    fs::remove_all(run);
    ASSERT_EQ(hashes.seen.size(), 20u);
    streams.push_back(hashes.seen);
  }
  EXPECT_EQ(streams[0], streams[1]) << "Dice-only and voxel-Siamese saw different batches";
  EXPECT_EQ(streams[0], streams[2]);
  EXPECT_NE(streams[0][0], streams[0][1]) << "every step draws a new batch";
}

TEST(CoarseLabels, CentreAndMajorityFollowTheBlockNotItsCorner) {
  // Along D, blocks of 4: labels 0 1 1 1 (majority and centre 1, corner 0) in the first half,
  // 1 1 2 2 (a tie: majority leaves the block out) in the second.
  auto labels = torch::zeros({1, 8, 4, 4}, torch::kLong);
  for (int d = 0; d < 4; ++d) labels.select(1, d).fill_(d == 0 ? 0 : 1);
  for (int d = 4; d < 8; ++d) labels.select(1, d).fill_(d < 6 ? 1 : 2);
  const auto corner = toLayerGrid(labels, 4, CoarseLabels::Corner, 3);
  const auto centre = toLayerGrid(labels, 4, CoarseLabels::Centre, 3);
  const auto majority = toLayerGrid(labels, 4, CoarseLabels::Majority, 3);
  ASSERT_EQ(corner.sizes(), torch::IntArrayRef({1, 2, 1, 1}));
  EXPECT_EQ(corner[0][0][0][0].item<int64_t>(), 0);
  EXPECT_EQ(centre[0][0][0][0].item<int64_t>(), 1);
  EXPECT_EQ(majority[0][0][0][0].item<int64_t>(), 1);
  EXPECT_EQ(corner[0][1][0][0].item<int64_t>(), 1);
  EXPECT_EQ(centre[0][1][0][0].item<int64_t>(), 2);
  EXPECT_EQ(majority[0][1][0][0].item<int64_t>(), kIgnoreLabel);
}

TEST(VoxelSampler, HardBackgroundCountsFalsePositivesAndIgnoredVoxelsAreNeverPicked) {
  // 10 background voxels, 4 of them predicted as organ 1; 10 organ voxels; 5 ignored.
  std::vector<int64_t> labels(10, 0), predictions(10, 0);
  for (int k = 0; k < 4; ++k) predictions[k] = 1;
  labels.insert(labels.end(), 10, 1);
  predictions.insert(predictions.end(), 10, 1);
  labels.insert(labels.end(), 5, kIgnoreLabel);
  predictions.insert(predictions.end(), 5, 1);
  std::mt19937_64 random(2);
  SamplerLimits limits{6, 4, true, true};
  const auto chosen = sampleVoxels(labels, predictions, 2, limits, random);
  ASSERT_EQ(chosen.size(), 6u);
  for (int k = 0; k < 4; ++k)
    EXPECT_LT(chosen[k], 4) << "the false positives come first as hard examples";
  for (int64_t index : chosen) EXPECT_LT(index, 20) << "an ignored voxel was sampled";
  limits.hardBackground = false;
  const auto plain = sampleVoxels(labels, predictions, 2, limits, random);
  EXPECT_EQ(std::count_if(plain.begin(), plain.end(), [](int64_t i) { return i < 4; }) == 4, false);
}

TEST(SoftDiceLoss, IgnoredVoxelsCountNeither) {
  auto labels = torch::zeros({1, 4, 4, 4}, torch::kLong);
  labels.slice(1, 0, 2).fill_(1);
  const auto perfect =
      torch::nn::functional::one_hot(labels, 2).permute({0, 4, 1, 2, 3}).to(torch::kFloat) * 50;
  auto withIgnored = labels.clone();
  withIgnored.slice(1, 3, 4).fill_(kIgnoreLabel);  // predicted background there: not counted
  auto wrongThere = perfect.clone();
  wrongThere.slice(2, 3, 4).select(1, 1).fill_(100);
  EXPECT_LT(softDiceLoss(wrongThere, withIgnored).item<double>(), 1e-3);
  EXPECT_GT(softDiceLoss(wrongThere, labels).item<double>(), 0.1);
}

TEST(VoxelSiameseLoss, FrequencyWeightsAndMovingAverageTargetsChangeTheLoss) {
  torch::manual_seed(9);
  const auto labels = torch::tensor(std::vector<int64_t>{1, 1, 1, 2, 2, 2});
  const auto p = torch::randn({6, 4}), z = torch::randn({6, 4});
  SiameseOptions options;
  options.classes = 3;
  const auto balanced = voxelSiameseLoss(p, z, labels, options);
  options.weights = ClassWeights::Frequency;
  options.classShare = torch::tensor({0.0, 0.9, 0.1}, torch::kDouble);
  const auto frequency = voxelSiameseLoss(p, z, labels, options);
  // Frequency: class 1 carries 0.9 of the weight.
  const auto pn =
      torch::nn::functional::normalize(p, torch::nn::functional::NormalizeFuncOptions().dim(1));
  const auto centroid = [&](int c) { return z.index({labels.eq(c)}).mean(0); };
  const auto regionOf = [&](int c) {
    const auto target = torch::nn::functional::normalize(
        centroid(c).unsqueeze(0), torch::nn::functional::NormalizeFuncOptions().dim(1));
    return -(pn.index({labels.eq(c)}) * target).sum(1).mean().item<double>();
  };
  EXPECT_NEAR(frequency.voxelToRegion.item<double>(), 0.9 * regionOf(1) + 0.1 * regionOf(2), 1e-5);
  EXPECT_NEAR(balanced.voxelToRegion.item<double>(), 0.5 * regionOf(1) + 0.5 * regionOf(2), 1e-5);
  // A given region target replaces the batch centroid of its class only.
  options.weights = ClassWeights::Balanced;
  options.classShare = torch::Tensor();
  options.regionTargets = torch::zeros({3, 4});
  options.regionTargets[1] = torch::tensor({1.0, 0.0, 0.0, 0.0});
  const auto ema = voxelSiameseLoss(p, z, labels, options);
  const double towardsAxis = -pn.index({labels.eq(1)}).select(1, 0).mean().item<double>();
  EXPECT_NEAR(ema.voxelToRegion.item<double>(), 0.5 * towardsAxis + 0.5 * regionOf(2), 1e-5);
}

}  // namespace
}  // namespace voxsiam::learn

namespace voxsiam::learn {
namespace {

TEST(Embedding, FeaturesComeFromTheTrainingWindowsNotTheWholeVolume) {
  torch::manual_seed(3);
  UNet3D model(UNet3DOptions{1, 3, 4, 3});
  model->eval();
  const InferenceSettings windows{true, {16, 16, 8}, 0.5, false};
  // A volume of one window: the features are the network's on that window.
  const auto patch = torch::randn({8, 16, 16});
  const auto [one, onePredicted] = encodeVolume(model, patch, windows, 1, torch::kCPU);
  torch::NoGradGuard noGrad;
  const auto direct = model->forward(patch.unsqueeze(0).unsqueeze(0)).encoder[1];
  EXPECT_TRUE(torch::allclose(one, direct, 1e-4, 1e-5));
  // A volume of 2 x 2 windows: features near a corner come from the corner window alone,
  // unlike a whole-volume pass (instance normalisation over the whole volume).
  const auto large = torch::randn({8, 32, 32});
  const auto [tiled, tiledPredicted] = encodeVolume(model, large, windows, 1, torch::kCPU);
  EXPECT_EQ(tiled.sizes(), torch::IntArrayRef({1, 8, 4, 16, 16}));
  EXPECT_EQ(tiledPredicted.sizes(), torch::IntArrayRef({1, 8, 32, 32}));
  const auto corner =
      model->forward(large.narrow(1, 0, 16).narrow(2, 0, 16).unsqueeze(0).unsqueeze(0)).encoder[1];
  const auto cornerOfTiled = tiled.narrow(3, 0, 2).narrow(4, 0, 2);
  EXPECT_TRUE(torch::allclose(cornerOfTiled, corner.narrow(3, 0, 2).narrow(4, 0, 2), 1e-3, 1e-4));
  const InferenceSettings whole{false, {16, 16, 8}, 0.5, false};
  const auto [all, allPredicted] = encodeVolume(model, large, whole, 1, torch::kCPU);
  EXPECT_FALSE(torch::allclose(all.narrow(3, 0, 2).narrow(4, 0, 2), cornerOfTiled, 1e-3, 1e-4));
}

}  // namespace
}  // namespace voxsiam::learn
