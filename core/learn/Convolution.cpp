#include "core/learn/Convolution.h"

#include <ATen/Context.h>

#include "core/learn/Autocast.h"

namespace voxsiam::learn {
namespace {

/// LibTorch 1.13–2.x's rule for an fp32 CPU convolution of one sample with a kernel of at most
/// 3×3×3 and one group: oneDNN only when channels × depth × height exceeds 20480.
bool takesNativePath(const torch::Tensor& input, const torch::Tensor& weight) {
  return input.device().is_cpu() && input.scalar_type() == torch::kFloat &&
         weight.scalar_type() == torch::kFloat && !cpuAutocastOn() && at::hasMKLDNN() &&
         input.size(0) == 1 && input.size(1) * input.size(2) * input.size(3) <= 20480;
}

/// Pads dimension 1 (channels) with one zero channel at its end.
torch::Tensor withZeroChannel(const torch::Tensor& tensor) {
  std::vector<int64_t> pad(2 * (tensor.dim() - 1), 0);
  pad.back() = 1;  // pairs run from the last dimension to dimension 1
  return torch::constant_pad_nd(tensor, pad);
}

/// conv3d(input, weight) as a two-group convolution over the halves of the input channels (an
/// odd count gets a zero channel), the two groups' outputs summed.
torch::Tensor asTwoGroups(torch::Tensor input, torch::Tensor weight, int64_t padding) {
  if (input.size(1) % 2 != 0) {
    input = withZeroChannel(input);
    weight = withZeroChannel(weight);
  }
  const int64_t half = input.size(1) / 2, out = weight.size(0);
  const auto kernel = torch::cat({weight.narrow(1, 0, half), weight.narrow(1, half, half)}, 0);
  const std::vector<int64_t> one(3, 1), pad(3, padding);
  const auto halves = torch::conv3d(input, kernel, {}, one, pad, one, 2);
  return halves.narrow(1, 0, out) + halves.narrow(1, out, out);
}

}  // namespace

torch::Tensor convolve3d(const torch::Tensor& input, const torch::Tensor& weight,
                         const torch::Tensor& bias, int64_t padding) {
  if (!takesNativePath(input, weight)) {
    const std::vector<int64_t> one(3, 1), pad(3, padding);
    return torch::conv3d(input, weight, bias, one, pad, one, 1);
  }
  auto output = asTwoGroups(input, weight, padding);
  return bias.defined() ? output + bias.view({1, -1, 1, 1, 1}) : output;
}

}  // namespace voxsiam::learn
