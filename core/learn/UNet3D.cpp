#include "core/learn/UNet3D.h"

#include "core/learn/Convolution.h"
#include "core/learn/UpsampledConv.h"

namespace voxsiam::learn {
namespace {

torch::nn::Conv3d conv3(int64_t in, int64_t out) {
  return torch::nn::Conv3d(torch::nn::Conv3dOptions(in, out, 3).padding(1).bias(false));
}

/// Instance norm, then ReLU in place on its fresh output (as PyTorch's ReLU(inplace=True)): one
/// activation-sized buffer less per layer. The norm's backward needs its input, not its output.
torch::Tensor normRelu(const torch::Tensor& x) {
  auto normalised = torch::instance_norm(x, {}, {}, {}, {}, /*use_input_stats=*/true, 0.1, 1e-5,
                                         /*cudnn_enabled=*/false);
  return normalised.relu_();
}

}  // namespace

DoubleConvImpl::DoubleConvImpl(int64_t in, int64_t middle, int64_t out)
    : first(register_module("first", conv3(in, middle))),
      second(register_module("second", conv3(middle, out))) {}

torch::Tensor DoubleConvImpl::forward(const torch::Tensor& x) {
  return normRelu(convolve3d(normRelu(convolve3d(x, first->weight, {}, 1)), second->weight, {}, 1));
}

torch::Tensor DoubleConvImpl::forwardJoined(const torch::Tensor& skip,
                                            const torch::Tensor& coarse) {
  const auto& weight = first->weight;
  const int64_t skipChannels = skip.size(1);
  const auto joined =
      convolve3d(skip, weight.narrow(1, 0, skipChannels), {}, 1) +
      convOfNearestUpsampled(coarse, weight.narrow(1, skipChannels, coarse.size(1)));
  return normRelu(convolve3d(normRelu(joined), second->weight, {}, 1));
}

namespace {

/// True when `fine` is exactly twice `coarse` along every spatial axis.
bool doubles(const torch::Tensor& fine, const torch::Tensor& coarse) {
  for (int64_t axis = 2; axis < fine.dim(); ++axis)
    if (fine.size(axis) != 2 * coarse.size(axis)) return false;
  return true;
}

}  // namespace

UNet3DImpl::UNet3DImpl(const UNet3DOptions& opts) : options(opts) {
  int64_t previous = options.inChannels;
  for (int64_t level = 0; level < options.levels; ++level) {
    const int64_t out = encoderChannels(level);
    const int64_t middle = std::max(out / 2, previous);
    encoders.push_back(
        register_module("encoder" + std::to_string(level), DoubleConv(previous, middle, out)));
    previous = out;
  }
  for (int64_t level = options.levels - 2; level >= 0; --level) {
    const int64_t skip = encoderChannels(level);
    decoders.push_back(register_module("decoder" + std::to_string(level),
                                       DoubleConv(skip + encoderChannels(level + 1), skip, skip)));
  }
  head = register_module(
      "head", torch::nn::Conv3d(torch::nn::Conv3dOptions(encoderChannels(0), options.classes, 1)));
}

int64_t UNet3DImpl::encoderChannels(int64_t level) const {
  return options.fMaps << level;
}

UNet3DOutput UNet3DImpl::forward(const torch::Tensor& input) {
  UNet3DOutput output;
  torch::Tensor x = input;
  for (std::size_t level = 0; level < encoders.size(); ++level) {
    if (level > 0) x = torch::max_pool3d(x, 2);
    x = encoders[level]->forward(x);
    output.encoder.push_back(x);
  }
  for (std::size_t step = 0; step < decoders.size(); ++step) {
    const torch::Tensor& skip = output.encoder[encoders.size() - 2 - step];
    if (doubles(skip, x)) {
      x = decoders[step]->forwardJoined(skip, x);
      continue;
    }
    const auto up = torch::upsample_nearest3d(x, c10::IntArrayRef(skip.sizes().slice(2)),
                                              c10::nullopt, c10::nullopt, c10::nullopt);
    x = decoders[step]->forward(torch::cat({skip, up}, 1));
  }
  output.logits = head(x);
  return output;
}

}  // namespace voxsiam::learn
