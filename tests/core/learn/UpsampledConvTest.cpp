#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/learn/Autocast.h"
#include "core/learn/Convolution.h"
#include "core/learn/UNet3D.h"
#include "core/learn/UpsampledConv.h"

namespace voxsiam::learn {
namespace {

namespace F = torch::nn::functional;

torch::Tensor upsampledTwice(const torch::Tensor& coarse) {
  return F::interpolate(
      coarse,
      F::InterpolateFuncOptions().scale_factor(std::vector<double>{2, 2, 2}).mode(torch::kNearest));
}

double largestDifference(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>();
}

TEST(UpsampledConv, EqualsTheConvolutionOfTheUpsampledTensorWithItsGradients) {
  torch::manual_seed(3);
  const auto options = torch::TensorOptions(torch::kDouble).requires_grad(true);
  const auto coarse = torch::randn({2, 3, 3, 4, 5}, options);
  const auto weight = torch::randn({4, 3, 3, 3, 3}, options);
  const auto reference = torch::conv3d(upsampledTwice(coarse), weight, {}, 1, 1);
  const auto fast = convOfNearestUpsampled(coarse, weight);
  ASSERT_EQ(fast.sizes(), reference.sizes());
  EXPECT_LT(largestDifference(fast, reference), 1e-12);
  EXPECT_GT(reference.abs().max().item<double>(), 1.0);

  const auto upstream = torch::randn_like(reference);
  const auto referenceGrads = torch::autograd::grad({reference}, {coarse, weight}, {upstream});
  const auto fastGrads = torch::autograd::grad({fast}, {coarse, weight}, {upstream});
  EXPECT_LT(largestDifference(fastGrads[0], referenceGrads[0]), 1e-11);
  EXPECT_LT(largestDifference(fastGrads[1], referenceGrads[1]), 1e-11);
}

TEST(UpsampledConv, TheDecoderBlockGivesWhatItsConcatenationGives) {
  torch::manual_seed(4);
  DoubleConv block(6 + 8, 6, 6);
  block->to(torch::kDouble);
  const auto skip = torch::randn({1, 6, 8, 6, 10}, torch::kDouble);
  const auto coarse = torch::randn({1, 8, 4, 3, 5}, torch::kDouble);
  const auto joined = block->forwardJoined(skip, coarse);
  const auto concatenated = block->forward(torch::cat({skip, upsampledTwice(coarse)}, 1));
  EXPECT_LT(largestDifference(joined, concatenated), 1e-10);
}

/// The U-Net as it was written before the joined decoder: upsample to the skip's size and
/// concatenate.
torch::Tensor concatenatingForward(UNet3DImpl& net, const torch::Tensor& input) {
  std::vector<torch::Tensor> skips;
  torch::Tensor x = input;
  for (std::size_t level = 0; level < net.encoders.size(); ++level) {
    if (level > 0) x = torch::max_pool3d(x, 2);
    x = net.encoders[level]->forward(x);
    skips.push_back(x);
  }
  for (std::size_t step = 0; step < net.decoders.size(); ++step) {
    const auto& skip = skips[skips.size() - 2 - step];
    const auto up = F::interpolate(
        x, F::InterpolateFuncOptions()
               .size(std::vector<int64_t>(skip.sizes().begin() + 2, skip.sizes().end()))
               .mode(torch::kNearest));
    x = net.decoders[step]->forward(torch::cat({skip, up}, 1));
  }
  return net.head(x);
}

TEST(UpsampledConv, TheUNetKeepsItsOutputOnEvenAndOddGrids) {
  torch::manual_seed(5);
  UNet3D net(UNet3DOptions{1, 5, 4, 4});
  net->to(torch::kDouble);
  // 16×24×32 halves evenly at every level; 18 gives 9 → 4, where the plain path takes over.
  for (const auto& shape : {std::vector<int64_t>{1, 1, 16, 24, 32}, {1, 1, 18, 16, 16}}) {
    const auto input = torch::randn(shape, torch::kDouble);
    const auto logits = net->forward(input).logits;
    ASSERT_EQ(logits.sizes(), torch::IntArrayRef({1, 5, shape[2], shape[3], shape[4]}));
    EXPECT_LT(largestDifference(logits, concatenatingForward(*net, input)), 1e-10);
  }
}

/// convolve3d against torch::conv3d on one fp32 sample of `channels` input channels: outputs and
/// the gradients of input, weight and bias agree within 1e-4 of their largest values.
void expectConvolve3dMatchesConv3d(int64_t channels) {
  const auto options = torch::TensorOptions(torch::kFloat).requires_grad(true);
  const auto input = torch::randn({1, channels, 4, 8, 6}, options);
  const auto weight = torch::randn({8, channels, 3, 3, 3}, options);
  const auto bias = torch::randn({8}, options);
  const auto reference = torch::conv3d(input, weight, bias, 1, 1);
  const auto ours = convolve3d(input, weight, bias, 1);
  ASSERT_EQ(ours.sizes(), reference.sizes());
  EXPECT_LT(largestDifference(ours, reference), 1e-4 * reference.abs().max().item<double>());
  const auto upstream = torch::randn_like(reference);
  const auto referenceGrads = torch::autograd::grad({reference}, {input, weight, bias}, {upstream});
  const auto oursGrads = torch::autograd::grad({ours}, {input, weight, bias}, {upstream});
  for (std::size_t index = 0; index < 3; ++index)
    EXPECT_LT(largestDifference(oursGrads[index], referenceGrads[index]),
              1e-4 * referenceGrads[index].abs().max().item<double>())
        << channels << " channels, gradient " << index;
}

TEST(Convolve3d, AnFp32SampleOnTheCpuGivesWhatConv3dGivesWithItsGradients) {
  torch::manual_seed(7);
  // channels × 4 × 8 ≤ 20480: LibTorch's conv3d takes its native path here, convolve3d two
  // groups through oneDNN; 3 channels get a zero channel.
  expectConvolve3dMatchesConv3d(16);
  expectConvolve3dMatchesConv3d(3);
  expectConvolve3dMatchesConv3d(1);
  const auto unpadded =
      convolve3d(torch::randn({1, 4, 4, 8, 6}), torch::randn({8, 4, 2, 2, 2}), {}, 0);
  EXPECT_EQ(unpadded.sizes(), torch::IntArrayRef({1, 8, 3, 7, 5}));
}

double meanDifference(const torch::Tensor& a, const torch::Tensor& b) {
  return (a.to(torch::kFloat) - b.to(torch::kFloat)).abs().mean().item<double>();
}

TEST(UpsampledConv, InBf16ItStaysAsCloseToFp32AsTheConcatenation) {
  if (!cpuHasNativeBf16()) GTEST_SKIP() << "this CPU has no native bf16; autocast stays off";
  torch::manual_seed(6);
  UNet3D net(UNet3DOptions{1, 9, 8, 4});
  torch::NoGradGuard noGrad;
  const auto input = torch::randn({1, 1, 32, 64, 64});
  const auto exact = net->forward(input).logits;
  torch::Tensor joined, concatenated;
  {
    Bf16Autocast autocast(true, false);
    joined = net->forward(input).logits;
    concatenated = concatenatingForward(*net, input);
  }
  const double joinedError = meanDifference(joined, exact),
               concatenatedError = meanDifference(concatenated, exact);
  RecordProperty("joined_bf16_error", std::to_string(joinedError));
  RecordProperty("concatenated_bf16_error", std::to_string(concatenatedError));
  EXPECT_GT(concatenatedError, 0.0);
  EXPECT_LT(joinedError, 1.5 * concatenatedError)
      << "bf16 error of the joined decoder " << joinedError << ", of the concatenation "
      << concatenatedError;
}

}  // namespace
}  // namespace voxsiam::learn
