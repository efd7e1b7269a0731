#include "core/learn/FeatureObjective.h"

#include <map>

#include "core/learn/Losses.h"
#include "core/learn/VoxelSampler.h"
#include "core/learn/methods/FeatureLoss.h"

namespace voxsiam::learn {
namespace {

using torch::indexing::None;
using torch::indexing::Slice;

torch::Tensor majorityGrid(const torch::Tensor& labels, int64_t stride, int64_t classes) {
  const auto known =
      torch::where(labels.eq(kIgnoreLabel), torch::full_like(labels, classes), labels);
  const auto shares = torch::avg_pool3d(
      torch::nn::functional::one_hot(known, classes + 1).permute({0, 4, 1, 2, 3}).to(torch::kFloat),
      stride);
  const auto [share, winner] = shares.max(1);
  return torch::where(share.gt(0.5).logical_and(winner.lt(classes)), winner,
                      torch::full_like(winner, kIgnoreLabel));
}

/// Labels and predictions of every layer on the host, in one copy per step.
std::vector<std::vector<int64_t>> toHost(const std::vector<torch::Tensor>& tensors) {
  std::vector<torch::Tensor> flat;
  for (const auto& tensor : tensors) flat.push_back(tensor.flatten().to(torch::kLong));
  const auto host = torch::cat(flat).to(torch::kCPU).contiguous();
  std::vector<std::vector<int64_t>> parts;
  int64_t offset = 0;
  for (const auto& tensor : flat) {
    const int64_t* start = host.data_ptr<int64_t>() + offset;
    parts.emplace_back(start, start + tensor.numel());
    offset += tensor.numel();
  }
  return parts;
}

/// `chosen` without the voxels of classes that have fewer than `minimum` of them.
std::vector<int64_t> withoutRareClasses(const std::vector<int64_t>& chosen,
                                        const std::vector<int64_t>& labels, std::size_t minimum) {
  std::map<int64_t, std::size_t> perClass;
  for (int64_t index : chosen) ++perClass[labels[index]];
  std::vector<int64_t> kept;
  for (int64_t index : chosen)
    if (perClass[labels[index]] >= minimum) kept.push_back(index);
  return kept;
}

/// The predictions of every layer's grid for the whole batch: this rank's, joined with the others'.
std::vector<torch::Tensor> wholeBatch(std::vector<torch::Tensor> local, const BatchShare& share) {
  if (!share.distributed()) return local;
  std::vector<torch::Tensor> whole;
  for (auto& grid : local) {
    auto sizes = grid.sizes().vec();
    sizes[0] = share.total;
    whole.push_back(torch::zeros(sizes, grid.options().dtype(torch::kFloat)));
    whole.back().narrow(0, share.first, share.count).copy_(grid);
  }
  share.sumOverRanks(whole);
  for (auto& grid : whole) grid = grid.round().to(torch::kLong);
  return whole;
}

/// Encoder features (n × C, float) of the voxels `indices` (linear over the whole batch's layer
/// grid): gathered from this rank's samples and joined with the other ranks' rows.
torch::Tensor sampledFeatures(const torch::Tensor& encoder, const torch::Tensor& indices,
                              const BatchShare& share) {
  if (!share.distributed()) return gatherVoxels(encoder, indices).to(torch::kFloat);
  const int64_t voxels = encoder.size(2) * encoder.size(3) * encoder.size(4);
  const int64_t begin = share.first * voxels, end = (share.first + share.count) * voxels;
  const auto mine = indices.ge(begin).logical_and(indices.lt(end)).nonzero().flatten();
  const auto rows = gatherVoxels(encoder, indices.index_select(0, mine) - begin).to(torch::kFloat);
  const auto local =
      torch::zeros({indices.size(0), encoder.size(1)}, rows.options()).index_copy(0, mine, rows);
  return share.joined(local);
}

}  // namespace

torch::Tensor toLayerGrid(const torch::Tensor& labels, int64_t stride, CoarseLabels mode,
                          int64_t classes) {
  if (stride == 1) return labels;
  if (mode == CoarseLabels::Majority) return majorityGrid(labels, stride, classes);
  const int64_t first = mode == CoarseLabels::Centre ? stride / 2 : 0;
  return labels.index({Slice(), Slice(first, None, stride), Slice(first, None, stride),
                       Slice(first, None, stride)});
}

torch::Tensor gatherVoxels(const torch::Tensor& features, const torch::Tensor& indices) {
  const int64_t voxels = features.size(2) * features.size(3) * features.size(4);
  return features.flatten(2).index(
      {indices.div(voxels, "floor"), Slice(), indices.remainder(voxels)});
}

FeatureObjectiveImpl::FeatureObjectiveImpl(const TrainingConfig& cfg, const UNet3DImpl& network)
    : config(cfg), featureLoss_(createFeatureLoss(cfg.method)) {
  for (std::size_t layer = 0; layer < config.featureLayers.size(); ++layer) {
    const int64_t level = config.featureLayers[layer];
    if (level < 0 || level >= network.options.levels)
      throw std::invalid_argument("feature layer level " + std::to_string(level) +
                                  " is not an encoder level");
    const std::string name = std::to_string(level);
    heads.push_back(
        register_module("head" + name, FeatureHead(network.encoderChannels(level), config.hidden)));
    regionAverages.push_back(register_buffer(
        "region_average" + name, torch::zeros({config.network.classes, config.hidden})));
  }
}

FeatureLossResult FeatureObjectiveImpl::forward(const UNet3DOutput& output,
                                                const torch::Tensor& labels,
                                                std::mt19937_64& random, bool monitor,
                                                const BatchShare& share) {
  FeatureLossResult result{torch::zeros({}, output.logits.options().dtype(torch::kFloat)), {}};
  const int64_t classes = config.network.classes;
  const auto predictions = output.logits.detach().argmax(1);
  const auto predictionMode =
      config.coarseLabels == CoarseLabels::Majority ? CoarseLabels::Centre : config.coarseLabels;
  std::vector<torch::Tensor> predictionGrids;
  for (const int64_t level : config.featureLayers)
    predictionGrids.push_back(
        toLayerGrid(predictions, int64_t{1} << level, predictionMode, classes));
  predictionGrids = wholeBatch(std::move(predictionGrids), share);
  std::vector<torch::Tensor> grids;
  for (std::size_t layer = 0; layer < config.featureLayers.size(); ++layer) {
    const int64_t stride = int64_t{1} << config.featureLayers[layer];
    grids.push_back(toLayerGrid(labels, stride, config.coarseLabels, classes));
    grids.push_back(predictionGrids[layer]);
  }
  const auto host = toHost(grids);
  const SamplerLimits limits{config.maxSamples, config.maxFalseNegatives, config.hardBackground,
                             config.balancedSampler};
  for (std::size_t layer = 0; layer < heads.size(); ++layer) {
    const auto& hostLabels = host[2 * layer];
    const auto chosen =
        withoutRareClasses(sampleVoxels(hostLabels, host[2 * layer + 1], classes, limits, random),
                           hostLabels, config.minClassSamples);
    if (chosen.size() < 2) continue;
    const auto indices = torch::tensor(chosen, torch::kLong).to(labels.device());
    const auto sampledLabels = grids[2 * layer].flatten().index_select(0, indices).to(torch::kLong);
    const int64_t level = config.featureLayers[layer];
    const auto features = sampledFeatures(output.encoder[level], indices, share);
    const auto z = heads[layer]->project(features);
    LayerSample sample{heads[layer], z, sampledLabels, hostLabels, regionAverages[layer], config};
    const auto loss = featureLoss_->layerLoss(sample);
    const double weight = layer < config.layerWeights.size() ? config.layerWeights[layer] : 1.0;
    result.loss = result.loss + weight * loss;
    if (!monitor) continue;
    const auto health = layerHealth(z, sampledLabels);
    result.health.push_back(
        {level, health.zStd, health.centroidCosine, health.classes, health.centroidCosines});
  }
  return result;
}

}  // namespace voxsiam::learn
