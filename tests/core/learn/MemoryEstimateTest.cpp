#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/learn/MemoryEstimate.h"
#include "core/learn/TorchError.h"
#include "core/learn/UNet3D.h"

namespace voxsiam::learn {
namespace {

TEST(MemoryEstimate, CountsTheParametersTheNetworkHas) {
  for (const auto& network :
       {NetworkConfig{1, 9, 64, 4}, NetworkConfig{1, 5, 8, 3}, NetworkConfig{1, 14, 32, 5}}) {
    UNet3D model(UNet3DOptions{network.inChannels, network.classes, network.fMaps, network.levels});
    std::uint64_t count = 0;
    for (const auto& parameter : model->parameters()) count += parameter.numel();
    EXPECT_EQ(unetParameterCount(network), count) << "f_maps " << network.fMaps;
  }
}

TEST(MemoryEstimate, GrowsWithTheBatchAndTheBlockAndRefusesWhatCannotFit) {
  TrainingConfig config;
  config.network = {1, 9, 16, 4};
  config.batchSize = 2;
  const std::uint64_t small = trainingStepBytes(config, {64, 64, 32});
  config.batchSize = 4;
  const std::uint64_t doubled = trainingStepBytes(config, {64, 64, 32});
  const std::uint64_t weights = 16 * unetParameterCount(config.network);
  EXPECT_EQ(doubled - weights, 2 * (small - weights));
  EXPECT_GT(trainingStepBytes(config, {128, 128, 64}), 7 * (small - weights));
  // Measured on CPU (bench/memory): f_maps 16, 64x64x32, batch 2 grows the process by ~0.6 GB.
  config.batchSize = 2;
  EXPECT_GT(small, 200'000'000u);
  EXPECT_LT(small, 1'000'000'000u);
  config.network.fMaps = 512;
  config.batchSize = 1024;
  try {
    checkTrainingFits(config, {1024, 1024, 1024}, 24'000'000'000ull);
    ADD_FAILURE() << "an impossible configuration was accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("24.00 GB available"), std::string::npos)
        << error.what();
  }
  EXPECT_NO_THROW(checkTrainingFits(config, {1024, 1024, 1024}, 0)) << "unknown memory";
}

TEST(TorchError, AFailedAllocationBecomesOneLineAboutMemory) {
  try {
    auto huge = torch::empty({int64_t{1} << 42}, torch::kFloat);
    ADD_FAILURE() << "16 TB were allocated";
  } catch (const c10::Error& error) {
    const std::string text = torchErrorText(error);
    EXPECT_EQ(text, "not enough memory (17592 GB asked for at once)");
  }
}

}  // namespace
}  // namespace voxsiam::learn
