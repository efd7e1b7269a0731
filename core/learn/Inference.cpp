#include "core/learn/Inference.h"

#include <cmath>

#include "core/learn/Autocast.h"
#include "core/learn/BatchSource.h"

namespace voxsiam::learn {
namespace {

torch::Tensor runNetwork(UNet3D& model, const torch::Tensor& input, bool bf16) {
  Bf16Autocast autocast(bf16, input.device().is_cuda());
  return torch::softmax(model->forward(input).logits.to(torch::kFloat), 1);
}

torch::Tensor wholeVolume(UNet3D& model, const torch::Tensor& image,
                          const InferenceSettings& settings, const torch::Device& device) {
  const int64_t factor = int64_t{1} << (model->options.levels - 1);
  std::array<int64_t, 3> padded{};
  for (int axis = 0; axis < 3; ++axis)
    padded[axis] = (image.size(axis) + factor - 1) / factor * factor;
  const auto input = padToAtLeast(image, padded, 0.0, true).unsqueeze(0).unsqueeze(0);
  const auto probabilities = runNetwork(model, input.to(device), settings.bf16).squeeze(0).cpu();
  return probabilities.narrow(1, 0, image.size(0))
      .narrow(2, 0, image.size(1))
      .narrow(3, 0, image.size(2));
}

torch::Tensor slidingWindow(UNet3D& model, const torch::Tensor& image,
                            const InferenceSettings& settings, const torch::Device& device) {
  const std::array<int64_t, 3> window{settings.patchSize[2], settings.patchSize[1],
                                      settings.patchSize[0]};
  const auto volume = padToAtLeast(image, window, 0.0, true);
  const auto weight = gaussianWindow(window);
  auto sum = torch::zeros({model->options.classes, volume.size(0), volume.size(1), volume.size(2)});
  auto weights = torch::zeros({volume.size(0), volume.size(1), volume.size(2)});
  for (int64_t d : windowStarts(volume.size(0), window[0], settings.overlap))
    for (int64_t h : windowStarts(volume.size(1), window[1], settings.overlap))
      for (int64_t w : windowStarts(volume.size(2), window[2], settings.overlap)) {
        const auto patch =
            volume.narrow(0, d, window[0]).narrow(1, h, window[1]).narrow(2, w, window[2]);
        const auto probabilities =
            runNetwork(model, patch.unsqueeze(0).unsqueeze(0).to(device), settings.bf16)
                .squeeze(0)
                .cpu();
        sum.narrow(1, d, window[0]).narrow(2, h, window[1]).narrow(3, w, window[2]) +=
            probabilities * weight;
        weights.narrow(0, d, window[0]).narrow(1, h, window[1]).narrow(2, w, window[2]) += weight;
      }
  const auto result = sum / weights.unsqueeze(0);
  return result.narrow(1, 0, image.size(0))
      .narrow(2, 0, image.size(1))
      .narrow(3, 0, image.size(2))
      .contiguous();
}

/// `image` padded (edges repeated) to at least `window` and to a multiple of `factor`.
torch::Tensor padForWindows(const torch::Tensor& image, const std::array<int64_t, 3>& window,
                            int64_t factor) {
  std::array<int64_t, 3> padded{};
  for (int axis = 0; axis < 3; ++axis)
    padded[axis] = (std::max(image.size(axis), window[axis]) + factor - 1) / factor * factor;
  return padToAtLeast(image, padded, 0.0, true);
}

/// Window starts along one axis, moved down to multiples of `factor`.
std::vector<int64_t> alignedStarts(int64_t length, int64_t window, double overlap, int64_t factor) {
  auto starts = windowStarts(length, window, overlap);
  for (auto& start : starts) start -= start % factor;
  return starts;
}

}  // namespace

std::pair<torch::Tensor, torch::Tensor> encodeVolume(UNet3D& model, const torch::Tensor& image,
                                                     const InferenceSettings& settings,
                                                     int64_t level, const torch::Device& device) {
  torch::NoGradGuard noGrad;
  model->eval();
  const int64_t factor = int64_t{1} << (model->options.levels - 1), stride = int64_t{1} << level;
  const std::array<int64_t, 3> window =
      settings.slidingWindow ? std::array<int64_t, 3>{settings.patchSize[2], settings.patchSize[1],
                                                      settings.patchSize[0]}
                             : std::array<int64_t, 3>{image.size(0), image.size(1), image.size(2)};
  const auto volume = padForWindows(image, window, factor);
  const std::array<int64_t, 3> block =
      settings.slidingWindow
          ? window
          : std::array<int64_t, 3>{volume.size(0), volume.size(1), volume.size(2)};
  const auto weight = gaussianWindow(block);
  const auto coarseWeight = torch::avg_pool3d(weight.unsqueeze(0).unsqueeze(0), stride).squeeze(0);
  const int64_t channels = model->encoderChannels(level);
  auto features = torch::zeros(
      {channels, volume.size(0) / stride, volume.size(1) / stride, volume.size(2) / stride});
  auto featureWeights = torch::zeros_like(features.select(0, 0));
  auto probabilities =
      torch::zeros({model->options.classes, volume.size(0), volume.size(1), volume.size(2)});
  for (int64_t d : alignedStarts(volume.size(0), block[0], settings.overlap, factor))
    for (int64_t h : alignedStarts(volume.size(1), block[1], settings.overlap, factor))
      for (int64_t w : alignedStarts(volume.size(2), block[2], settings.overlap, factor)) {
        const auto patch =
            volume.narrow(0, d, block[0]).narrow(1, h, block[1]).narrow(2, w, block[2]);
        Bf16Autocast autocast(settings.bf16, device.is_cuda());
        const auto output = model->forward(patch.unsqueeze(0).unsqueeze(0).to(device));
        const auto encoded =
            output.encoder[std::size_t(level)].squeeze(0).to(torch::kCPU, torch::kFloat);
        features.narrow(1, d / stride, block[0] / stride)
            .narrow(2, h / stride, block[1] / stride)
            .narrow(3, w / stride, block[2] / stride) += encoded * coarseWeight;
        featureWeights.narrow(0, d / stride, block[0] / stride)
            .narrow(1, h / stride, block[1] / stride)
            .narrow(2, w / stride, block[2] / stride) += coarseWeight.squeeze(0);
        probabilities.narrow(1, d, block[0]).narrow(2, h, block[1]).narrow(3, w, block[2]) +=
            torch::softmax(output.logits.to(torch::kFloat), 1).squeeze(0).cpu() * weight;
      }
  return {(features / featureWeights.unsqueeze(0)).unsqueeze(0).contiguous(),
          probabilities.argmax(0).unsqueeze(0).contiguous()};
}

torch::Tensor gaussianWindow(const std::array<int64_t, 3>& sizeDhw) {
  std::vector<torch::Tensor> axes;
  for (int axis = 0; axis < 3; ++axis) {
    const double sigma = sizeDhw[axis] / 8.0, centre = (sizeDhw[axis] - 1) / 2.0;
    const auto x = torch::arange(sizeDhw[axis], torch::kFloat) - centre;
    axes.push_back(torch::exp(-x * x / (2 * sigma * sigma)));
  }
  const auto weight =
      axes[0].view({-1, 1, 1}) * axes[1].view({1, -1, 1}) * axes[2].view({1, 1, -1});
  return (weight / weight.max()).clamp_min(1e-3);
}

std::vector<int64_t> windowStarts(int64_t length, int64_t window, double overlap) {
  if (length <= window) return {0};
  const double step = std::max(1.0, window * (1.0 - overlap));
  const int64_t count = static_cast<int64_t>(std::ceil((length - window) / step)) + 1;
  std::vector<int64_t> starts;
  for (int64_t index = 0; index < count; ++index)
    starts.push_back(
        static_cast<int64_t>(std::llround(double(index) * (length - window) / double(count - 1))));
  return starts;
}

torch::Tensor predictVolume(UNet3D& model, const torch::Tensor& image,
                            const InferenceSettings& settings, const torch::Device& device) {
  torch::NoGradGuard noGrad;
  model->eval();
  return settings.slidingWindow ? slidingWindow(model, image, settings, device)
                                : wholeVolume(model, image, settings, device);
}

}  // namespace voxsiam::learn
