#include "core/learn/Losses.h"

namespace voxsiam::learn {
namespace {

namespace F = torch::nn::functional;

torch::Tensor normalised(const torch::Tensor& x) {
  return F::normalize(x, F::NormalizeFuncOptions().dim(1).eps(1e-8));
}

/// One-hot membership (N × K) of `labels` in K classes, without a host round trip.
torch::Tensor membership(const torch::Tensor& labels, int64_t classes) {
  return F::one_hot(labels, classes).to(torch::kFloat);
}

/// Weighted mean of per-anchor losses over the anchors in `valid` (0 when none is).
torch::Tensor anchorMean(const torch::Tensor& losses, const torch::Tensor& weights,
                         const torch::Tensor& valid) {
  const auto used = weights * valid.to(torch::kFloat);
  return (losses * used).sum() / used.sum().clamp_min(1e-12);
}

torch::Tensor anchorWeights(const torch::Tensor& members, const SiameseOptions& options) {
  const auto classSizes = (members * members.sum(0).unsqueeze(0)).sum(1);
  switch (options.weights) {
    case ClassWeights::None:
      return torch::ones_like(classSizes);
    case ClassWeights::Frequency:
      return members.mv(options.classShare.to(members.device(), torch::kFloat)) / classSizes;
    case ClassWeights::Balanced:
    default:
      return 1.0 / classSizes;
  }
}

}  // namespace

torch::Tensor rankSumSurrogate(const torch::Tensor& local, const torch::Tensor& global) {
  return local + (global - local).detach();
}

torch::Tensor softDiceLoss(const torch::Tensor& logits, const torch::Tensor& labels,
                           const torch::Tensor& annotated,
                           const std::function<torch::Tensor(const torch::Tensor&)>& rankSum) {
  const auto ignored = labels.eq(kIgnoreLabel);
  const auto valid = ignored.logical_not().unsqueeze(1).to(torch::kFloat);
  auto probabilities = torch::softmax(logits.to(torch::kFloat), 1);
  auto known = labels.masked_fill(ignored, 0);
  torch::Tensor present;  // K: classes annotated in some sample
  if (annotated.defined()) {
    const int64_t classes = logits.size(1);
    auto mask = annotated.to(probabilities.device(), torch::kFloat).clone();
    mask.select(1, 0).fill_(1);
    present = mask.amax(0);
    const auto perVoxel = mask.view({mask.size(0), classes, 1, 1, 1});
    const auto moved = (probabilities * (1 - perVoxel)).sum(1, true);
    const auto background = F::one_hot(torch::zeros({1}, known.options()), classes)
                                .to(torch::kFloat)
                                .view({1, classes, 1, 1, 1});
    probabilities = probabilities * perVoxel + moved * background;
    const auto labelAnnotated =
        mask.gather(1, known.view({known.size(0), -1})).view_as(known).gt(0);
    known = known.masked_fill(labelAnnotated.logical_not(), 0);
  }
  probabilities = probabilities * valid;
  const auto truth =
      F::one_hot(known, logits.size(1)).permute({0, 4, 1, 2, 3}).to(torch::kFloat) * valid;
  const std::vector<int64_t> dims{0, 2, 3, 4};
  auto overlap = (probabilities * truth).sum(dims);
  auto denominator = (probabilities * probabilities).sum(dims) + truth.sum(dims);
  if (rankSum) {
    overlap = rankSum(overlap);
    denominator = rankSum(denominator);
    if (present.defined()) present = rankSum(present).gt(0).to(torch::kFloat);
  }
  const double eps = 1e-5;
  const auto dice = (2.0 * overlap + eps) / (denominator + eps);
  if (!present.defined()) return 1.0 - dice.mean();
  return 1.0 - (dice * present).sum() / present.sum();
}

torch::Tensor featureLabels(const torch::Tensor& labels, const torch::Tensor& annotated) {
  if (!annotated.defined()) return labels;
  auto mask = annotated.to(labels.device(), torch::kFloat).clone();
  mask.select(1, 0).fill_(1);
  const auto partial = mask.amin(1).lt(1).view({mask.size(0), 1, 1, 1});
  const auto safe = labels.masked_fill(labels.eq(kIgnoreLabel), 0);
  const auto labelAnnotated = mask.gather(1, safe.view({safe.size(0), -1})).view_as(safe).gt(0);
  const auto unknown =
      labels.ne(kIgnoreLabel)
          .logical_and(labelAnnotated.logical_not().logical_or(labels.eq(0).logical_and(partial)));
  return labels.masked_fill(unknown, kIgnoreLabel);
}

SiameseLossParts voxelSiameseLoss(const torch::Tensor& p, const torch::Tensor& z,
                                  const torch::Tensor& labels, const SiameseOptions& options) {
  const int64_t classes = options.classes > 0 ? options.classes : labels.max().item<int64_t>() + 1;
  const auto pn = normalised(p.to(torch::kFloat));
  const auto target = z.detach().to(torch::kFloat);
  const auto zn = normalised(target);
  const auto members = membership(labels, classes);
  const auto classCounts = members.sum(0);             // K
  const auto classSizes = members.mv(classCounts);     // N: size of each anchor's class
  const auto ownSum = members.mm(members.t().mm(zn));  // N × h: Σ_{j in c(i)} ẑ_j
  const auto others = (pn * (ownSum - zn)).sum(1);     // Σ_{j≠i} cos(p_i, ẑ_j)
  const auto voxelLosses = -others / (classSizes - 1).clamp_min(1);
  const auto centroids = members.t().mm(target) / classCounts.clamp_min(1).unsqueeze(1);
  auto regions = centroids;
  if (options.regionTargets.defined()) {
    const auto targets = options.regionTargets.to(torch::kFloat);
    regions = torch::where(targets.norm(2, 1, true).gt(0), targets, centroids);
  }
  regions = normalised(regions);
  const auto regionLosses = -(pn * members.mm(regions)).sum(1);
  const auto weights = anchorWeights(members, options);
  return {anchorMean(voxelLosses, weights, classSizes > 1),
          anchorMean(regionLosses, weights, torch::ones_like(classSizes, torch::kBool)), centroids};
}

SiameseLossParts voxelSiameseLoss(const torch::Tensor& p, const torch::Tensor& z,
                                  const torch::Tensor& labels, bool classWeighting) {
  SiameseOptions options;
  options.weights = classWeighting ? ClassWeights::Balanced : ClassWeights::None;
  return voxelSiameseLoss(p, z, labels, options);
}

torch::Tensor supervisedContrastiveLoss(const torch::Tensor& z, const torch::Tensor& labels,
                                        double temperature) {
  const auto zn = normalised(z.to(torch::kFloat));
  const int64_t n = zn.size(0);
  const auto self = torch::eye(n, torch::TensorOptions().dtype(torch::kBool).device(zn.device()));
  const auto similarity = (zn.mm(zn.t()) / temperature).masked_fill(self, -1e9);
  const auto logProbability = similarity - torch::logsumexp(similarity, 1, true);
  const auto positives =
      labels.unsqueeze(1).eq(labels.unsqueeze(0)).logical_and(self.logical_not());
  const auto positiveCount = positives.sum(1);
  const auto perAnchor =
      -(logProbability * positives.to(torch::kFloat)).sum(1) / positiveCount.clamp_min(1);
  const auto valid = positiveCount.gt(0).to(torch::kFloat);
  return (perAnchor * valid).sum() / valid.sum().clamp_min(1);
}

LayerHealth layerHealth(const torch::Tensor& z, const torch::Tensor& labels) {
  torch::NoGradGuard noGrad;
  const auto zn = normalised(z.to(torch::kFloat));
  LayerHealth health;
  health.zStd = zn.size(0) > 1 ? zn.std(0).mean().item<double>() : 0.0;
  const auto present = std::get<0>(at::_unique(labels, /*sorted=*/true));
  const auto members = labels.unsqueeze(1).eq(present.unsqueeze(0)).to(torch::kFloat);
  const auto centroids = normalised(members.t().mm(zn) / members.sum(0).unsqueeze(1));
  const int64_t k = centroids.size(0);
  const auto cosines = centroids.mm(centroids.t()).to(torch::kCPU, torch::kDouble).contiguous();
  const auto ids = present.to(torch::kCPU, torch::kLong).contiguous();
  health.classes.assign(ids.data_ptr<int64_t>(), ids.data_ptr<int64_t>() + k);
  for (int64_t row = 0; row < k; ++row)
    health.centroidCosines.emplace_back(cosines[row].data_ptr<double>(),
                                        cosines[row].data_ptr<double>() + k);
  if (k > 1)
    health.centroidCosine =
        ((cosines.sum() - cosines.diagonal().sum()) / double(k * (k - 1))).item<double>();
  return health;
}

}  // namespace voxsiam::learn
