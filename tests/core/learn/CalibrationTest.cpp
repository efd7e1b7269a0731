// Temperature scaling, the expected calibration error and the entropy map, on voxels whose
// calibration is known by construction.
#include <gtest/gtest.h>

#include "core/learn/Calibration.h"

namespace voxsiam::learn {
namespace {

/// `count` voxels of `classes` classes whose top probability is `confidence` and which are right
/// with probability `accuracy`.
CalibrationVoxels voxelsWith(int64_t count, int64_t classes, double confidence, double accuracy) {
  torch::manual_seed(3);
  const auto predicted = torch::randint(classes, {count}, torch::kLong);
  auto probabilities = torch::full({count, classes}, (1 - confidence) / double(classes - 1));
  probabilities.scatter_(1, predicted.unsqueeze(1), confidence);
  const auto right = torch::rand({count}) < accuracy;
  const auto wrong = (predicted + torch::randint(1, classes, {count}, torch::kLong)) % classes;
  return {probabilities, torch::where(right, predicted, wrong)};
}

TEST(Calibration, TemperingKeepsTheWinningClassAndSoftensAboveOne) {
  const auto probabilities = torch::softmax(torch::randn({4, 10, 5}), 0);
  const auto softer = temper(probabilities, 2.0, 0);
  EXPECT_TRUE(softer.argmax(0).equal(probabilities.argmax(0)));
  EXPECT_TRUE(torch::allclose(softer.sum(0), torch::ones({10, 5}), 1e-5));
  EXPECT_GT(normalisedEntropy(softer).mean().item<double>(),
            normalisedEntropy(probabilities).mean().item<double>());
  EXPECT_TRUE(torch::allclose(temper(probabilities, 1.0, 0), probabilities, 1e-5));
}

TEST(Calibration, ErrorIsNearZeroWhenConfidenceMatchesAccuracyAndLargeWhenNot) {
  EXPECT_LT(expectedCalibrationError(voxelsWith(20000, 5, 0.8, 0.8)), 0.02);
  EXPECT_NEAR(expectedCalibrationError(voxelsWith(20000, 5, 0.95, 0.6)), 0.35, 0.02);
}

TEST(Calibration, AnOverconfidentModelGetsATemperatureAboveOneThatLowersTheError) {
  const auto voxels = voxelsWith(20000, 5, 0.97, 0.7);
  const auto report = fitTemperature(voxels);
  EXPECT_GT(report.temperature, 1.2);
  EXPECT_LT(report.eceAfter, 0.5 * report.eceBefore);
  EXPECT_EQ(report.voxels, 20000);
  const auto underconfident = fitTemperature(voxelsWith(20000, 5, 0.4, 0.9));
  EXPECT_LT(underconfident.temperature, 1.0);
}

TEST(Calibration, EntropyIsZeroForCertainAndOneForUniformVoxels) {
  auto probabilities = torch::zeros({4, 2});
  probabilities.index_put_({0, 0}, 1.0);
  probabilities.index_put_({torch::indexing::Slice(), 1}, 0.25);
  const auto entropy = normalisedEntropy(probabilities);
  EXPECT_NEAR(entropy[0].item<double>(), 0.0, 1e-6);
  EXPECT_NEAR(entropy[1].item<double>(), 1.0, 1e-6);
}

TEST(Calibration, SamplingLeavesOutVoxelsThatAreNotAnnotated) {
  const auto probabilities = torch::softmax(torch::randn({3, 4, 4, 4}), 0);
  auto truth = torch::zeros({4, 4, 4}, torch::kLong);
  truth.index_put_({0}, 255);
  const auto sample = sampleVoxels(probabilities, truth, 1000);
  EXPECT_EQ(sample.truth.numel(), 48);
  EXPECT_EQ(sample.truth.max().item<int64_t>(), 0);
  EXPECT_EQ(sampleVoxels(probabilities, truth, 10).truth.numel(), 10);
}

}  // namespace
}  // namespace voxsiam::learn
