#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>

#include "core/learn/BatchSource.h"
#include "core/learn/Inference.h"
#include "core/learn/ModelArchive.h"
#include "core/learn/UNet3D.h"

namespace voxsiam::learn {
namespace {

int64_t parameterCount(torch::nn::Module& module) {
  int64_t count = 0;
  for (const auto& parameter : module.parameters()) count += parameter.numel();
  return count;
}

TEST(UNet3D, PaperLayoutHasTheCountedParameters) {
  UNet3D paper(UNet3DOptions{1, 9, 64, 4});
  EXPECT_EQ(parameterCount(*paper), 16313769);
  UNet3D small(UNet3DOptions{1, 9, 16, 4});
  EXPECT_LT(parameterCount(*small), 1100000);
}

TEST(UNet3D, OutputsLogitsAndEncoderLevels) {
  UNet3D net(UNet3DOptions{1, 9, 4, 4});
  const auto output = net->forward(torch::randn({2, 1, 16, 16, 24}));
  EXPECT_EQ(output.logits.sizes(), torch::IntArrayRef({2, 9, 16, 16, 24}));
  ASSERT_EQ(output.encoder.size(), 4u);
  EXPECT_EQ(output.encoder[3].sizes(), torch::IntArrayRef({2, 32, 2, 2, 3}));
  EXPECT_EQ(output.encoder[1].sizes(), torch::IntArrayRef({2, 8, 8, 8, 12}));
}

TEST(Inference, WindowsCoverTheVolumeAndWeightsPeakInTheCentre) {
  EXPECT_EQ(windowStarts(64, 64, 0.5), (std::vector<int64_t>{0}));
  EXPECT_EQ(windowStarts(100, 64, 0.5), (std::vector<int64_t>{0, 18, 36}));
  EXPECT_EQ(windowStarts(160, 64, 0.5), (std::vector<int64_t>{0, 32, 64, 96}));
  const auto weight = gaussianWindow({8, 8, 8});
  EXPECT_GT(weight[4][4][4].item<float>(), weight[0][4][4].item<float>());
}

TEST(Inference, ThinSlabsArePaddedWithCopiesOfTheirEdges) {
  const auto slab = torch::arange(12, torch::kFloat).view({1, 3, 4});
  const auto padded = padToAtLeast(slab, {4, 4, 4}, -5.0, true);
  EXPECT_EQ(padded.sizes(), torch::IntArrayRef({4, 4, 4}));
  EXPECT_TRUE(torch::equal(padded[3], slab[0].index({torch::tensor({0, 1, 2, 2})})));
  const auto constant = padToAtLeast(slab, {2, 3, 4}, -5.0);
  EXPECT_EQ(constant[1][0][0].item<float>(), -5.f);
}

TEST(Inference, SlidingWindowAgreesWithWholeVolumeAwayFromEdges) {
  torch::manual_seed(2);
  UNet3D net(UNet3DOptions{1, 3, 4, 3});
  const auto image = torch::randn({24, 20, 28});
  const auto whole = predictVolume(net, image, {false, {28, 20, 24}, 0.5, false}, torch::kCPU);
  EXPECT_EQ(whole.sizes(), torch::IntArrayRef({3, 24, 20, 28}));
  EXPECT_TRUE(torch::allclose(whole.sum(0), torch::ones({24, 20, 28}), 1e-5, 1e-5));
  const auto windows = predictVolume(net, image, {true, {16, 16, 16}, 0.5, false}, torch::kCPU);
  EXPECT_EQ(windows.sizes(), whole.sizes());
  EXPECT_TRUE(torch::allclose(windows.sum(0), torch::ones({24, 20, 28}), 1e-5, 1e-5));
}

TEST(ModelArchive, RoundTripKeepsWeightsAndInformation) {
  const auto path = (std::filesystem::temp_directory_path() / "voxsiam_model_test.pt").string();
  UNet3D net(UNet3DOptions{1, 4, 4, 3});
  const ModelInfo info{
      net->options, {true, {16, 16, 8}, 0.25, false}, R"({"a":1})", R"({"name":"s"})"};
  saveModel(path, net, info);
  auto [loaded, back] = loadModel(path, torch::kCPU);
  EXPECT_EQ(back.network.classes, 4);
  EXPECT_EQ(back.inference.patchSize[2], 8);
  EXPECT_DOUBLE_EQ(back.inference.overlap, 0.25);
  EXPECT_EQ(back.configJson, info.configJson);
  EXPECT_EQ(back.schemeJson, info.schemeJson);
  net->eval();
  loaded->eval();
  const auto input = torch::randn({1, 1, 8, 8, 8});
  EXPECT_TRUE(torch::equal(net->forward(input).logits, loaded->forward(input).logits));
  std::filesystem::resize_file(path, 100);
  EXPECT_THROW(loadModel(path, torch::kCPU), std::runtime_error);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace voxsiam::learn
