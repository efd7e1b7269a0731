#pragma once
#include <torch/torch.h>

#include <random>
#include <vector>

#include "core/learn/BatchShare.h"
#include "core/learn/FeatureHead.h"
#include "core/learn/TrainingConfig.h"
#include "core/learn/TrainingObserver.h"
#include "core/learn/UNet3D.h"
#include "core/learn/methods/FeatureLoss.h"

namespace voxsiam::learn {

/// The feature loss of one batch (before λ) and, when monitored, each layer's health.
struct FeatureLossResult {
  torch::Tensor loss;
  std::vector<FeatureLayerHealth> health;
};

/// The voxel-level feature layers of the configured encoder levels (training only): for each,
/// bring the labels to the layer's grid (config.coarseLabels), sample voxels, gather their
/// encoder features, project, and take the configured method's feature loss
/// (core/learn/methods), weighted per layer. Labels and predictions reach the host once per
/// step, and the loss path itself waits for no value from the device.
struct FeatureObjectiveImpl : torch::nn::Module {
  FeatureObjectiveImpl(const TrainingConfig& config, const UNet3DImpl& network);

  /// Feature loss of `output` for true `labels` (N × D × H × W); `monitor` adds layer health.
  /// In a data-parallel step `output` holds this rank's samples (`share`) and `labels` the whole
  /// batch's: the predictions and the sampled voxels' encoder features of every rank are joined
  /// before the heads, so each rank samples, projects (head BatchNorm over all ranks' samples:
  /// synchronised) and scores exactly what one process with the whole batch would, and its
  /// gradient reaches only its own samples' encoder features.
  FeatureLossResult forward(const UNet3DOutput& output, const torch::Tensor& labels,
                            std::mt19937_64& random, bool monitor = false,
                            const BatchShare& share = {});

  TrainingConfig config;
  std::vector<FeatureHead> heads;  ///< one per entry of config.featureLayers
  /// Per layer, K × hidden moving averages of the class centroids (RegionTarget::Ema; a zero
  /// row: the class has not been seen yet). Saved with checkpoints.
  std::vector<torch::Tensor> regionAverages;

 private:
  std::shared_ptr<FeatureLoss> featureLoss_;
};
TORCH_MODULE(FeatureObjective);

/// Features (N × C) of the voxels `indices` (linear over B × D × H × W) of `features`
/// (B × C × D × H × W), gathered without copying the whole map.
torch::Tensor gatherVoxels(const torch::Tensor& features, const torch::Tensor& indices);

/// `labels` (N × D × H × W, kIgnoreLabel allowed) on the grid of a layer `stride` times coarser:
/// each block's first voxel (Corner), its centre voxel (Centre), or its most frequent label
/// when that holds more than half of the block and is not kIgnoreLabel, else kIgnoreLabel
/// (Majority; labels lie in 0..classes−1).
torch::Tensor toLayerGrid(const torch::Tensor& labels, int64_t stride, CoarseLabels mode,
                          int64_t classes);

}  // namespace voxsiam::learn
