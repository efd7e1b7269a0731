#pragma once
#include <torch/torch.h>

#include <array>

#include "core/learn/UNet3D.h"

namespace voxsiam::learn {

/// How a volume on the working grid is run through the network.
struct InferenceSettings {
  bool slidingWindow = true;                     ///< false: the whole volume at once (fixed grid)
  std::array<int64_t, 3> patchSize{64, 64, 32};  ///< window along i, j, k
  double overlap = 0.5;
  bool bf16 = false;
};

/// Softmax probabilities (classes × D × H × W, float, CPU) of `image` (D × H × W, CPU) on the
/// working grid. Sliding window: overlapping windows weighted by a Gaussian centred in each window
/// (σ = 1/8 of the window), as nnU-Net does. Whole volume: padded to a multiple of the network's
/// down-sampling factor. Runs without gradients, in evaluation mode, on `device`.
torch::Tensor predictVolume(UNet3D& model, const torch::Tensor& image,
                            const InferenceSettings& settings, const torch::Device& device);

/// Encoder features of `level` (1 × C × d × h × w, float, CPU; the grid of `image` padded to a
/// multiple of the down-sampling factor, 2^level times coarser) and predicted classes
/// (1 × D' × H' × W', int64, the padded grid) of `image` (D × H × W), computed as the network saw
/// its training data: with sliding windows of the patch (window starts on multiples of the
/// factor, features and probabilities averaged with the Gaussian window weights), so instance
/// normalisation sees patch statistics; or the whole volume. Without gradients, on `device`.
std::pair<torch::Tensor, torch::Tensor> encodeVolume(UNet3D& model, const torch::Tensor& image,
                                                     const InferenceSettings& settings,
                                                     int64_t level, const torch::Device& device);

/// Weight of each voxel of a window of `size` (D, H, W): a Gaussian with σ = size / 8.
torch::Tensor gaussianWindow(const std::array<int64_t, 3>& sizeDhw);

/// Window start positions covering [0, length) with windows of `window` and the given overlap.
std::vector<int64_t> windowStarts(int64_t length, int64_t window, double overlap);

}  // namespace voxsiam::learn
