#include "core/learn/Inference.h"

#include <cmath>

#include "core/learn/Autocast.h"
#include "core/learn/BatchSource.h"

namespace voxsiam::learn {
namespace {

/// The windows one pass of the network visits: the volume padded (edges repeated) to at least a
/// window and to a multiple of `factor`, the window size (D, H, W), its starts along each axis and
/// each voxel's weight inside a window.
struct WindowPlan {
  torch::Tensor volume;
  std::array<int64_t, 3> block{};
  std::array<std::vector<int64_t>, 3> starts;
  torch::Tensor weight;
};

/// Window starts along one axis, moved down to multiples of `factor`.
std::vector<int64_t> alignedStarts(int64_t length, int64_t window, double overlap, int64_t factor) {
  auto starts = windowStarts(length, window, overlap);
  for (auto& start : starts) start -= start % factor;
  return starts;
}

/// Sliding windows of the patch (Gaussian weights) or one window over the whole volume (uniform
/// weights); window starts are multiples of `align`.
WindowPlan planWindows(const torch::Tensor& image, const InferenceSettings& settings,
                       int64_t factor, int64_t align) {
  WindowPlan plan;
  const std::array<int64_t, 3> window =
      settings.slidingWindow ? std::array<int64_t, 3>{settings.patchSize[2], settings.patchSize[1],
                                                      settings.patchSize[0]}
                             : std::array<int64_t, 3>{image.size(0), image.size(1), image.size(2)};
  std::array<int64_t, 3> padded{};
  for (int axis = 0; axis < 3; ++axis)
    padded[axis] = (std::max(image.size(axis), window[axis]) + factor - 1) / factor * factor;
  plan.volume = padToAtLeast(image, padded, 0.0, true);
  for (int axis = 0; axis < 3; ++axis) {
    plan.block[axis] = settings.slidingWindow ? window[axis] : plan.volume.size(axis);
    plan.starts[axis] =
        alignedStarts(plan.volume.size(axis), plan.block[axis], settings.overlap, align);
  }
  plan.weight = settings.slidingWindow ? gaussianWindow(plan.block)
                                       : torch::ones({plan.block[0], plan.block[1], plan.block[2]});
  return plan;
}

/// Runs the network over every window of `plan` and hands each window's output with its start
/// (d, h, w) to `visit`. Without gradients, in evaluation mode, on `device`.
template <typename Visit>
void forEachWindow(UNet3D& model, const WindowPlan& plan, bool bf16, const torch::Device& device,
                   Visit&& visit) {
  torch::NoGradGuard noGrad;
  model->eval();
  // One autocast region for all windows: the weights are cast to bf16 once, not per window.
  Bf16Autocast autocast(bf16, device.is_cuda());
  for (int64_t d : plan.starts[0])
    for (int64_t h : plan.starts[1])
      for (int64_t w : plan.starts[2]) {
        const auto patch = plan.volume.narrow(0, d, plan.block[0])
                               .narrow(1, h, plan.block[1])
                               .narrow(2, w, plan.block[2]);
        visit(model->forward(patch.unsqueeze(0).unsqueeze(0).to(device)), d, h, w);
      }
}

/// `grid` (…, D, H, W) narrowed to the window of `block` at (d, h, w), `stride` times coarser.
torch::Tensor windowOf(const torch::Tensor& grid, const std::array<int64_t, 3>& block, int64_t d,
                       int64_t h, int64_t w, int64_t stride = 1) {
  const int64_t first = grid.dim() - 3;
  return grid.narrow(first, d / stride, block[0] / stride)
      .narrow(first + 1, h / stride, block[1] / stride)
      .narrow(first + 2, w / stride, block[2] / stride);
}

torch::Tensor probabilitiesOf(const UNet3DOutput& output) {
  return torch::softmax(output.logits.to(torch::kFloat), 1).squeeze(0).cpu();
}

/// `grid` (…, D', H', W') cut back to the first D × H × W voxels of `image`.
torch::Tensor cropTo(const torch::Tensor& grid, const torch::Tensor& image) {
  const int64_t first = grid.dim() - 3;
  return grid.narrow(first, 0, image.size(0))
      .narrow(first + 1, 0, image.size(1))
      .narrow(first + 2, 0, image.size(2));
}

int64_t downsamplingFactor(const UNet3D& model) {
  return int64_t{1} << (model->options.levels - 1);
}

}  // namespace

torch::Tensor predictVolume(UNet3D& model, const torch::Tensor& image,
                            const InferenceSettings& settings, const torch::Device& device) {
  const auto plan =
      planWindows(image, settings, settings.slidingWindow ? 1 : downsamplingFactor(model), 1);
  auto sum = torch::zeros(
      {model->options.classes, plan.volume.size(0), plan.volume.size(1), plan.volume.size(2)});
  auto weights = torch::zeros_like(sum.select(0, 0));
  forEachWindow(model, plan, settings.bf16, device,
                [&](const UNet3DOutput& output, int64_t d, int64_t h, int64_t w) {
                  windowOf(sum, plan.block, d, h, w) += probabilitiesOf(output) * plan.weight;
                  windowOf(weights, plan.block, d, h, w) += plan.weight;
                });
  return cropTo(sum / weights.unsqueeze(0), image).contiguous();
}

std::pair<torch::Tensor, torch::Tensor> encodeVolume(UNet3D& model, const torch::Tensor& image,
                                                     const InferenceSettings& settings,
                                                     int64_t level, const torch::Device& device) {
  const int64_t factor = downsamplingFactor(model), stride = int64_t{1} << level;
  const auto plan = planWindows(image, settings, factor, factor);
  const auto coarseWeight =
      torch::avg_pool3d(plan.weight.unsqueeze(0).unsqueeze(0), stride).squeeze(0);
  const auto& volume = plan.volume;
  auto features = torch::zeros({model->encoderChannels(level), volume.size(0) / stride,
                                volume.size(1) / stride, volume.size(2) / stride});
  auto featureWeights = torch::zeros_like(features.select(0, 0));
  auto probabilities =
      torch::zeros({model->options.classes, volume.size(0), volume.size(1), volume.size(2)});
  forEachWindow(model, plan, settings.bf16, device,
                [&](const UNet3DOutput& output, int64_t d, int64_t h, int64_t w) {
                  const auto encoded =
                      output.encoder[std::size_t(level)].squeeze(0).to(torch::kCPU, torch::kFloat);
                  windowOf(features, plan.block, d, h, w, stride) += encoded * coarseWeight;
                  windowOf(featureWeights, plan.block, d, h, w, stride) += coarseWeight.squeeze(0);
                  windowOf(probabilities, plan.block, d, h, w) +=
                      probabilitiesOf(output) * plan.weight;
                });
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

}  // namespace voxsiam::learn
