#pragma once
#include <torch/torch.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/learn/FeatureHead.h"
#include "core/learn/TrainingConfig.h"
#include "core/learn/TrainingMethods.h"

namespace voxsiam::learn {

/// What a feature loss sees of one feature layer in one step.
struct LayerSample {
  FeatureHead& head;                      ///< the layer's projector and predictor
  torch::Tensor z;                        ///< projections of the sampled voxels (N × hidden)
  torch::Tensor labels;                   ///< their classes (N, int64, on the device)
  const std::vector<int64_t>& allLabels;  ///< every voxel's class on the layer's grid (host)
  torch::Tensor& regionAverage;           ///< the layer's K × hidden state (saved in checkpoints)
  const TrainingConfig& config;
};

/// A feature loss of a training method (before λ and the layer weight).
class FeatureLoss {
 public:
  virtual ~FeatureLoss() = default;
  /// The loss of one layer's sampled voxels; may update `sample.regionAverage`.
  virtual torch::Tensor layerLoss(LayerSample& sample) = 0;
};

/// A registered method: what it is, and how its feature loss is made (empty: Dice only).
struct MethodEntry {
  MethodInfo info;
  std::function<std::unique_ptr<FeatureLoss>()> createFeatureLoss;
};

/// The entries of core/learn/methods/Methods.def.
const std::vector<MethodEntry>& methodEntries();

/// The feature loss of method `name`; throws std::invalid_argument for an unknown method or
/// one without a feature loss.
std::unique_ptr<FeatureLoss> createFeatureLoss(const std::string& name);

}  // namespace voxsiam::learn
