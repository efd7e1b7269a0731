#include "core/learn/Losses.h"
#include "core/learn/methods/FeatureLoss.h"

namespace voxsiam::learn {
namespace {

/// Voxel shares (K) of the classes among the known labels of a layer.
torch::Tensor classShares(const std::vector<int64_t>& labels, int64_t classes) {
  std::vector<double> counts(classes, 0.0);
  double total = 0;
  for (int64_t label : labels)
    if (label >= 0 && label < classes) counts[label] += 1, total += 1;
  for (auto& count : counts) count /= std::max(total, 1.0);
  return torch::tensor(counts, torch::kDouble);
}

/// Moves `average` (K × hidden) towards this batch's `centroids`; zero rows (classes absent from
/// the batch) keep their average, a class seen for the first time takes its centroid.
void updateAverage(torch::Tensor& average, const torch::Tensor& centroids, double momentum) {
  torch::NoGradGuard noGrad;
  const auto present = centroids.norm(2, 1, true).gt(0);
  const auto seen = average.norm(2, 1, true).gt(0);
  const auto updated =
      torch::where(seen, momentum * average + (1 - momentum) * centroids, centroids);
  average.copy_(torch::where(present, updated, average));
}

/// The paper's voxel-level Siamese loss: voxel-to-voxel and voxel-to-region terms of the
/// predictor's output against stop-gradient projections, class-weighted as configured; the
/// region target is this batch's centroid or a moving average across batches.
class VoxelSiameseLoss : public FeatureLoss {
 public:
  torch::Tensor layerLoss(LayerSample& sample) override {
    const auto& config = sample.config;
    SiameseOptions options;
    options.classes = config.network.classes;
    options.weights = config.classWeights;
    if (config.classWeights == ClassWeights::Frequency)
      options.classShare = classShares(sample.allLabels, config.network.classes);
    if (config.regionTarget == RegionTarget::Ema) options.regionTargets = sample.regionAverage;
    const auto parts =
        voxelSiameseLoss(sample.head->predict(sample.z), sample.z, sample.labels, options);
    auto loss = torch::zeros_like(parts.voxelToVoxel);
    if (config.voxelToVoxel) loss = loss + parts.voxelToVoxel;
    if (config.voxelToRegion) loss = loss + parts.voxelToRegion;
    if (config.regionTarget == RegionTarget::Ema)
      updateAverage(sample.regionAverage, parts.centroids, config.regionMomentum);
    return loss;
  }
};

}  // namespace

MethodEntry voxelSiameseMethod() {
  return {{"voxsiam", "Dice + voxel-level Siamese", true},
          [] { return std::make_unique<VoxelSiameseLoss>(); }};
}

}  // namespace voxsiam::learn
