#pragma once
#include <torch/torch.h>

namespace voxsiam::learn {

/// Projector and predictor of one voxel-level feature layer (DESIGN.md §2):
/// g = Linear(C→h)–BN–ReLU–Linear(h→h)–BN (non-affine), q = Linear(h→h)–BN–ReLU–Linear(h→h).
struct FeatureHeadImpl : torch::nn::Module {
  FeatureHeadImpl(int64_t channels, int64_t hidden);
  /// Projections z = g(f) of sampled feature vectors f (N × C).
  torch::Tensor project(const torch::Tensor& features);
  /// Predictions p = q(z).
  torch::Tensor predict(const torch::Tensor& projections);

  torch::nn::Sequential projector{nullptr}, predictor{nullptr};
};
TORCH_MODULE(FeatureHead);

}  // namespace voxsiam::learn
