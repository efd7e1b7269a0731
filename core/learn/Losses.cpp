#include "core/learn/Losses.h"

namespace voxsiam::learn {
namespace {

namespace F = torch::nn::functional;

torch::Tensor normalised(const torch::Tensor& x) {
  return F::normalize(x, F::NormalizeFuncOptions().dim(1).eps(1e-8));
}

/// One-hot membership (N × K) of the classes present and each anchor's class size.
std::pair<torch::Tensor, torch::Tensor> membership(const torch::Tensor& labels) {
  const auto present = std::get<0>(at::_unique(labels, /*sorted=*/true));
  const auto members = labels.unsqueeze(1).eq(present.unsqueeze(0)).to(torch::kFloat);
  const auto sizes = members.sum(0);
  return {members, (members * sizes.unsqueeze(0)).sum(1)};
}

/// Weighted mean of per-anchor losses over the anchors in `valid`.
torch::Tensor anchorMean(const torch::Tensor& losses, const torch::Tensor& classSizes,
                         const torch::Tensor& valid, bool classWeighting) {
  auto weights = valid.to(torch::kFloat);
  if (classWeighting) weights = weights / classSizes;
  const auto total = weights.sum();
  if (total.item<float>() <= 0) return (losses * 0).sum();
  return (losses * weights).sum() / total;
}

}  // namespace

torch::Tensor softDiceLoss(const torch::Tensor& logits, const torch::Tensor& labels) {
  const auto probabilities = torch::softmax(logits.to(torch::kFloat), 1);
  const auto truth = F::one_hot(labels, logits.size(1)).permute({0, 4, 1, 2, 3}).to(torch::kFloat);
  const std::vector<int64_t> dims{0, 2, 3, 4};
  const auto overlap = (probabilities * truth).sum(dims);
  const auto denominator = (probabilities * probabilities).sum(dims) + truth.sum(dims);
  const double eps = 1e-5;
  return 1.0 - ((2.0 * overlap + eps) / (denominator + eps)).mean();
}

SiameseLossParts voxelSiameseLoss(const torch::Tensor& p, const torch::Tensor& z,
                                  const torch::Tensor& labels, bool classWeighting) {
  const auto pn = normalised(p.to(torch::kFloat));
  const auto target = z.detach().to(torch::kFloat);
  const auto zn = normalised(target);
  const auto [members, classSizes] = membership(labels);
  const auto classSums = members.t().mm(zn);        // K × h
  const auto ownSum = members.mm(classSums);        // N × h: Σ_{j in c(i)} ẑ_j
  const auto others = (pn * (ownSum - zn)).sum(1);  // Σ_{j≠i} cos(p_i, ẑ_j)
  const auto pairs = (classSizes - 1).clamp_min(1);
  const auto voxelLosses = -others / pairs;
  const auto centroids = normalised(members.t().mm(target) / members.sum(0).unsqueeze(1));
  const auto regionLosses = -(pn * members.mm(centroids)).sum(1);
  return {anchorMean(voxelLosses, classSizes, classSizes > 1, classWeighting),
          anchorMean(regionLosses, classSizes, torch::ones_like(classSizes, torch::kBool),
                     classWeighting)};
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
  const auto valid = positiveCount > 0;
  if (valid.sum().item<int64_t>() == 0) return (z * 0).sum();
  return perAnchor.masked_select(valid).mean();
}

LayerHealth layerHealth(const torch::Tensor& z, const torch::Tensor& labels) {
  torch::NoGradGuard noGrad;
  const auto zn = normalised(z.to(torch::kFloat));
  LayerHealth health;
  health.zStd = zn.size(0) > 1 ? zn.std(0).mean().item<double>() : 0.0;
  const auto [members, classSizes] = membership(labels);
  const auto centroids = normalised(members.t().mm(zn) / members.sum(0).unsqueeze(1));
  const int64_t k = centroids.size(0);
  if (k > 1) {
    const auto cosines = centroids.mm(centroids.t());
    health.centroidCosine =
        ((cosines.sum() - cosines.diagonal().sum()) / (k * (k - 1))).item<double>();
  }
  return health;
}

}  // namespace voxsiam::learn
