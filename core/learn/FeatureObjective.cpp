#include "core/learn/FeatureObjective.h"

#include "core/learn/Losses.h"
#include "core/learn/VoxelSampler.h"

namespace voxsiam::learn {
namespace {

using torch::indexing::None;
using torch::indexing::Slice;

/// Every `stride`-th voxel along D, H, W: labels brought to a coarser layer's grid (nearest).
torch::Tensor toLayerGrid(const torch::Tensor& labels, int64_t stride) {
  return labels.index(
      {Slice(), Slice(None, None, stride), Slice(None, None, stride), Slice(None, None, stride)});
}

std::vector<int64_t> toVector(const torch::Tensor& tensor) {
  const auto flat = tensor.to(torch::kCPU, torch::kLong).contiguous().flatten();
  return {flat.data_ptr<int64_t>(), flat.data_ptr<int64_t>() + flat.numel()};
}

}  // namespace

torch::Tensor gatherVoxels(const torch::Tensor& features, const torch::Tensor& indices) {
  const int64_t channels = features.size(1);
  return features.permute({0, 2, 3, 4, 1}).reshape({-1, channels}).index_select(0, indices);
}

FeatureObjectiveImpl::FeatureObjectiveImpl(const TrainingConfig& cfg, const UNet3DImpl& network)
    : config(cfg) {
  for (std::size_t layer = 0; layer < config.featureLayers.size(); ++layer) {
    const int64_t level = config.featureLayers[layer];
    if (level < 0 || level >= network.options.levels)
      throw std::invalid_argument("feature layer level " + std::to_string(level) +
                                  " is not an encoder level");
    heads.push_back(register_module("head" + std::to_string(level),
                                    FeatureHead(network.encoderChannels(level), config.hidden)));
  }
}

FeatureLossResult FeatureObjectiveImpl::forward(const UNet3DOutput& output,
                                                const torch::Tensor& labels,
                                                std::mt19937_64& random) {
  FeatureLossResult result{torch::zeros({}, output.logits.options().dtype(torch::kFloat)), {}};
  const auto predictions = output.logits.detach().argmax(1);
  const SamplerLimits limits{config.maxSamples, config.maxFalseNegatives};
  for (std::size_t layer = 0; layer < heads.size(); ++layer) {
    const int64_t level = config.featureLayers[layer];
    const int64_t stride = int64_t{1} << level;
    const auto layerLabels = toLayerGrid(labels, stride);
    const auto chosen =
        sampleVoxels(toVector(layerLabels), toVector(toLayerGrid(predictions, stride)),
                     config.network.classes, limits, random);
    if (chosen.size() < 2) continue;
    const auto indices = torch::tensor(chosen, torch::kLong).to(labels.device());
    const auto sampledLabels = layerLabels.flatten().index_select(0, indices);
    const auto features = gatherVoxels(output.encoder[level], indices).to(torch::kFloat);
    const auto z = heads[layer]->project(features);
    torch::Tensor loss;
    if (config.method == Method::SupervisedContrastive) {
      loss = supervisedContrastiveLoss(z, sampledLabels, config.temperature);
    } else {
      const auto parts =
          voxelSiameseLoss(heads[layer]->predict(z), z, sampledLabels, config.classWeighting);
      loss = torch::zeros_like(parts.voxelToVoxel);
      if (config.voxelToVoxel) loss = loss + parts.voxelToVoxel;
      if (config.voxelToRegion) loss = loss + parts.voxelToRegion;
    }
    const double weight = layer < config.layerWeights.size() ? config.layerWeights[layer] : 1.0;
    result.loss = result.loss + weight * loss;
    const auto health = layerHealth(z, sampledLabels);
    result.health.push_back({level, health.zStd, health.centroidCosine});
  }
  return result;
}

}  // namespace voxsiam::learn
