#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/learn/FeatureHead.h"
#include "core/learn/Losses.h"

namespace voxsiam::learn {
namespace {

double cosine(const torch::Tensor& a, const torch::Tensor& b) {
  return (a.dot(b) / (a.norm() * b.norm())).item<double>();
}

/// The voxel-level Siamese loss written as plain loops over anchors and partners.
std::pair<double, double> loopLoss(const torch::Tensor& p, const torch::Tensor& z,
                                   const std::vector<int64_t>& labels, bool weighted) {
  const int64_t n = p.size(0);
  std::map<int64_t, int64_t> classSize;
  for (auto label : labels) ++classSize[label];
  double vvSum = 0, vvWeights = 0, vrSum = 0, vrWeights = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double weight = weighted ? 1.0 / double(classSize[labels[i]]) : 1.0;
    torch::Tensor centroid = torch::zeros({z.size(1)}, torch::kDouble);
    double partners = 0, partnerLoss = 0;
    for (int64_t j = 0; j < n; ++j) {
      if (labels[j] != labels[i]) continue;
      centroid += z[j].to(torch::kDouble);
      if (j == i) continue;
      partnerLoss += -cosine(p[i].to(torch::kDouble), z[j].to(torch::kDouble));
      partners += 1;
    }
    if (partners > 0) {
      vvSum += weight * partnerLoss / partners;
      vvWeights += weight;
    }
    vrSum += weight * -cosine(p[i].to(torch::kDouble), centroid);
    vrWeights += weight;
  }
  return {vvWeights > 0 ? vvSum / vvWeights : 0.0, vrSum / vrWeights};
}

TEST(VoxelSiameseLoss, EqualsPlainLoopsWithAndWithoutClassWeights) {
  torch::manual_seed(4);
  const std::vector<int64_t> labels{0, 0, 0, 2, 2, 5, 7, 0, 5};
  const auto p = torch::randn({9, 6}), z = torch::randn({9, 6});
  for (bool weighted : {true, false}) {
    const auto parts = voxelSiameseLoss(p, z, torch::tensor(labels), weighted);
    const auto [vv, vr] = loopLoss(p, z, labels, weighted);
    EXPECT_NEAR(parts.voxelToVoxel.item<double>(), vv, 1e-5) << "weighted " << weighted;
    EXPECT_NEAR(parts.voxelToRegion.item<double>(), vr, 1e-5) << "weighted " << weighted;
  }
}

TEST(VoxelSiameseLoss, StopGradientKeepsGradientsOffTheTargetBranch) {
  torch::manual_seed(5);
  const auto labels = torch::tensor(std::vector<int64_t>{1, 1, 2, 2, 2, 3});
  // Separate leaves: the loss may only reach z's values through the stop-gradient.
  const auto p = torch::randn({6, 8}).requires_grad_(true);
  const auto z = torch::randn({6, 8}).requires_grad_(true);
  const auto parts = voxelSiameseLoss(p, z, labels, true);
  (parts.voxelToVoxel + parts.voxelToRegion).backward();
  EXPECT_FALSE(z.grad().defined() && z.grad().abs().sum().item<double>() > 0);
  EXPECT_GT(p.grad().abs().sum().item<double>(), 0);
  // Through the real head: features get the gradient of the predictor path only.
  FeatureHead head(5, 8);
  const auto features = torch::randn({6, 5}).requires_grad_(true);
  const auto projected = head->project(features);
  const auto loss = voxelSiameseLoss(head->predict(projected), projected, labels, true);
  (loss.voxelToVoxel + loss.voxelToRegion).backward();
  const auto viaLoss = features.grad().clone();
  features.grad().zero_();
  head->zero_grad();
  const auto again = head->project(features);
  const auto constantTarget = again.detach().clone();
  const auto reference = voxelSiameseLoss(head->predict(again), constantTarget, labels, true);
  (reference.voxelToVoxel + reference.voxelToRegion).backward();
  EXPECT_TRUE(torch::allclose(viaLoss, features.grad(), 1e-6, 1e-7));
}

TEST(VoxelSiameseLoss, LoneVoxelsKeepTheLossFinite) {
  const auto p = torch::randn({4, 3}).requires_grad_(true), z = torch::randn({4, 3});
  const auto parts = voxelSiameseLoss(p, z, torch::tensor(std::vector<int64_t>{1, 2, 3, 4}), true);
  EXPECT_EQ(parts.voxelToVoxel.item<double>(), 0.0) << "no same-class pair: no voxel-to-voxel term";
  EXPECT_TRUE(std::isfinite(parts.voxelToRegion.item<double>()));
  (parts.voxelToVoxel + parts.voxelToRegion).backward();
  EXPECT_TRUE(torch::isfinite(p.grad()).all().item<bool>());
  const auto one = voxelSiameseLoss(p.slice(0, 0, 1), z.slice(0, 0, 1),
                                    torch::tensor(std::vector<int64_t>{3}), false);
  EXPECT_TRUE(std::isfinite(one.voxelToRegion.item<double>()));
}

TEST(SupervisedContrastiveLoss, PrefersSeparatedClasses) {
  torch::manual_seed(6);
  const auto labels = torch::tensor(std::vector<int64_t>{0, 0, 0, 1, 1, 1});
  auto clustered = torch::zeros({6, 4});
  clustered.slice(0, 0, 3).select(1, 0).fill_(1.0);
  clustered.slice(0, 3, 6).select(1, 1).fill_(1.0);
  const auto separated =
      supervisedContrastiveLoss(clustered + 0.01 * torch::randn({6, 4}), labels, 0.1);
  const auto mixed = supervisedContrastiveLoss(torch::randn({6, 4}), labels, 0.1);
  EXPECT_LT(separated.item<double>(), mixed.item<double>());
  const auto lone = supervisedContrastiveLoss(torch::randn({3, 4}),
                                              torch::tensor(std::vector<int64_t>{0, 1, 2}), 0.1);
  EXPECT_TRUE(std::isfinite(lone.item<double>()));
}

TEST(SoftDiceLoss, TwoRanksWithGlobalSumsHaveTheWholeBatchsGradient) {
  torch::manual_seed(4);
  const auto logits = torch::randn({2, 4, 3, 5, 6});
  const auto labels = torch::randint(0, 4, {2, 3, 5, 6}, torch::kLong);
  for (const bool partial : {false, true}) {
    const auto annotated =
        partial ? torch::tensor({{1, 1, 0, 1}, {1, 1, 1, 0}}, torch::kFloat) : torch::Tensor();
    auto whole = logits.clone().requires_grad_(true);
    softDiceLoss(whole, labels, annotated).backward();
    // Each rank's sums, recorded in a first pass; in the second each rank adds the others'.
    std::vector<std::vector<torch::Tensor>> sums(2);
    std::vector<torch::Tensor> slices(2);
    for (int pass = 0; pass < 2; ++pass)
      for (int rank = 0; rank < 2; ++rank) {
        slices[rank] = logits.narrow(0, rank, 1).clone().requires_grad_(true);
        std::size_t call = 0;
        const auto rankSum = [&](const torch::Tensor& local) {
          if (pass == 0) {
            sums[rank].push_back(local.detach());
            return local;
          }
          const auto global = sums[0][call] + sums[1][call];
          ++call;
          return rankSumSurrogate(local, global);
        };
        const auto loss =
            softDiceLoss(slices[rank], labels.narrow(0, rank, 1),
                         partial ? annotated.narrow(0, rank, 1) : torch::Tensor(), rankSum);
        if (pass == 1) {
          loss.backward();
          EXPECT_NEAR(loss.item<double>(), softDiceLoss(logits, labels, annotated).item<double>(),
                      1e-6)
              << "every rank's loss is the whole batch's";
          EXPECT_TRUE(
              torch::allclose(slices[rank].grad(), whole.grad().narrow(0, rank, 1), 1e-5, 1e-7))
              << "rank " << rank << (partial ? ", partly labelled" : "");
        }
      }
  }
}

TEST(SoftDiceLoss, PerfectPredictionGivesNearZeroAndWrongGivesNearOne) {
  auto labels = torch::zeros({1, 4, 4, 4}, torch::kLong);
  labels.slice(1, 0, 2).fill_(1);
  const auto perfect =
      torch::nn::functional::one_hot(labels, 3).permute({0, 4, 1, 2, 3}).to(torch::kFloat) * 50;
  EXPECT_LT(softDiceLoss(perfect, labels).item<double>(), 1e-3);
  const auto wrong =
      torch::nn::functional::one_hot(1 - labels, 3).permute({0, 4, 1, 2, 3}).to(torch::kFloat) * 50;
  EXPECT_GT(softDiceLoss(wrong, labels).item<double>(), 0.6);
}

TEST(LayerHealth, CollapsedProjectionsShowZeroSpread) {
  const auto labels = torch::tensor(std::vector<int64_t>{0, 0, 1, 1});
  const auto collapsed = torch::ones({4, 16});
  EXPECT_NEAR(layerHealth(collapsed, labels).zStd, 0.0, 1e-6);
  EXPECT_NEAR(layerHealth(collapsed, labels).centroidCosine, 1.0, 1e-6);
  torch::manual_seed(1);
  const auto healthy = layerHealth(torch::randn({2000, 64}), torch::randint(0, 4, {2000}));
  EXPECT_NEAR(healthy.zStd, 1.0 / std::sqrt(64.0), 0.01);
}

}  // namespace
}  // namespace voxsiam::learn
