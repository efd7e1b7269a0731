#pragma once
#include <torch/torch.h>

#include <vector>

#include "core/learn/TrainingConfig.h"

namespace voxsiam::learn {

/// Layout of the 3-D U-Net (DESIGN.md §2, Çiçek et al.): `levels` resolution levels with
/// fMaps·2^l channels, the first conv of each encoder block at half width (at least the input
/// width), two 3×3×3 convs per block with non-affine instance norm and ReLU, no conv bias,
/// max-pool down, nearest up + concatenation, 1×1×1 head with bias. Where a skip is exactly twice
/// the coarser level's size, the decoder's first conv of that concatenation is computed without
/// building it (DoubleConvImpl::forwardJoined): same function and parameters, fewer operations.
using UNet3DOptions = NetworkConfig;

/// Logits and the encoder outputs the voxel-level feature layers read.
struct UNet3DOutput {
  torch::Tensor logits;                ///< N × classes × D × H × W
  std::vector<torch::Tensor> encoder;  ///< encoder outputs, finest first (1/1, 1/2, 1/4, 1/8 ...)
};

/// Two conv–instance norm–ReLU layers.
struct DoubleConvImpl : torch::nn::Module {
  DoubleConvImpl(int64_t in, int64_t middle, int64_t out);
  torch::Tensor forward(const torch::Tensor& x);
  /// forward(cat(skip, upsample_nearest(coarse, ×2))) without building the concatenation or the
  /// upsampled tensor (convOfNearestUpsampled); `skip` must be twice `coarse`'s size per axis.
  torch::Tensor forwardJoined(const torch::Tensor& skip, const torch::Tensor& coarse);
  torch::nn::Conv3d first{nullptr}, second{nullptr};
};
TORCH_MODULE(DoubleConv);

/// The 3-D U-Net; with fMaps 64, 4 levels, 9 classes it has 16,313,769 parameters.
struct UNet3DImpl : torch::nn::Module {
  explicit UNet3DImpl(const UNet3DOptions& options);
  /// Logits and encoder features of a batch N × inChannels × D × H × W (sizes divisible by
  /// 2^(levels-1)).
  UNet3DOutput forward(const torch::Tensor& input);
  /// Channels of encoder level `level` (0 = full resolution).
  int64_t encoderChannels(int64_t level) const;

  UNet3DOptions options;
  std::vector<DoubleConv> encoders, decoders;
  torch::nn::Conv3d head{nullptr};
};
TORCH_MODULE(UNet3D);

}  // namespace voxsiam::learn
