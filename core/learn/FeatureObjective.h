#pragma once
#include <torch/torch.h>

#include <random>
#include <vector>

#include "core/learn/FeatureHead.h"
#include "core/learn/TrainingConfig.h"
#include "core/learn/TrainingObserver.h"
#include "core/learn/UNet3D.h"

namespace voxsiam::learn {

/// The feature loss of one batch (before λ) and the health of each layer's projections.
struct FeatureLossResult {
  torch::Tensor loss;
  std::vector<FeatureLayerHealth> health;
};

/// The voxel-level feature layers of the configured encoder levels (training only): for each,
/// sample voxels, gather their encoder features, project, predict and take the configured loss
/// (voxel-level Siamese or supervised contrastive), weighted per layer.
struct FeatureObjectiveImpl : torch::nn::Module {
  FeatureObjectiveImpl(const TrainingConfig& config, const UNet3DImpl& network);

  /// Feature loss of `output` for true `labels` (N × D × H × W).
  FeatureLossResult forward(const UNet3DOutput& output, const torch::Tensor& labels,
                            std::mt19937_64& random);

  TrainingConfig config;
  std::vector<FeatureHead> heads;  ///< one per entry of config.featureLayers
};
TORCH_MODULE(FeatureObjective);

/// Features (N × C) of the voxels `indices` of `features` (B × C × D × H × W), pooled over B.
torch::Tensor gatherVoxels(const torch::Tensor& features, const torch::Tensor& indices);

}  // namespace voxsiam::learn
