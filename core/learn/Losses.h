#pragma once
#include <torch/torch.h>

#include <functional>
#include <vector>

#include "core/learn/TrainingConfig.h"

namespace voxsiam::learn {

/// Multi-class soft Dice loss in the V-Net form (squared denominators) over all classes,
/// summed over the batch: 1 − mean_c (2Σpg + ε) / (Σp² + Σg² + ε). `labels` is N × D × H × W;
/// voxels labelled kIgnoreLabel count in neither sum.
///
/// With `annotated` (N × K, 1 where class k is annotated in sample n; the background column is
/// ignored), partly labelled samples are scored by the marginal Dice: in sample n the probability
/// of every class not annotated there is added to the background's, and its labels count as
/// background, because "background" in such a case only means "none of the annotated organs".
/// A class contributes only through the samples that annotate it, and a class annotated in no
/// sample is left out of the mean, so an unannotated organ is never taught to vanish.
///
/// In a data-parallel run each rank holds a slice of the batch; `rankSum` then turns this rank's
/// per-class sums into the sums over every rank's samples (see rankSumSurrogate), so each rank's
/// loss is the whole batch's and its gradient is this rank's share of that loss's gradient:
/// summed over the ranks, the gradients are those of one process with the whole batch.
torch::Tensor softDiceLoss(const torch::Tensor& logits, const torch::Tensor& labels,
                           const torch::Tensor& annotated = {},
                           const std::function<torch::Tensor(const torch::Tensor&)>& rankSum = {});

/// `global`'s values with `local`'s gradient: local + (global − local), the difference held
/// constant. `global` is the sum of `local` over the ranks (an all-reduce of its detached copy).
torch::Tensor rankSumSurrogate(const torch::Tensor& local, const torch::Tensor& global);

/// Labels for the voxel-level feature loss of a batch with `annotated` classes per sample
/// (N × K, may be undefined: all): in a sample that leaves some organ unannotated, background
/// voxels (which may be that organ) and voxels of unannotated classes become kIgnoreLabel.
torch::Tensor featureLabels(const torch::Tensor& labels, const torch::Tensor& annotated);

/// The two parts of the voxel-level Siamese loss of one layer.
struct SiameseLossParts {
  torch::Tensor voxelToVoxel;  ///< mean over anchors of mean over same-class j≠i of −cos(p_i, ẑ_j)
  torch::Tensor
      voxelToRegion;  ///< mean over anchors of −cos(p_i, stopgrad(region target of its class))
  torch::Tensor centroids;  ///< K × h stop-gradient class means of z (zero rows: class absent)
};

/// Options of voxelSiameseLoss.
struct SiameseOptions {
  int64_t classes = 0;  ///< K: labels lie in 0..K−1 (0: the largest label + 1)
  ClassWeights weights = ClassWeights::Balanced;
  torch::Tensor classShare;     ///< K voxel shares of the classes before sampling (Frequency)
  torch::Tensor regionTargets;  ///< K × h region targets; undefined or zero rows: the batch's
};

/// Voxel-level Siamese loss (DESIGN.md §2) of predictions `p` and projections `z` (N × h) of
/// voxels of class `labels` (N). z only enters through stop-gradient. Anchors are weighted per
/// options.weights: Balanced 1/N_c (every class the same), Frequency share_c/N_c, None 1.
/// Anchors without a same-class partner are left out of the voxel-to-voxel term; with none, the
/// term is 0. With batch centroids as region targets the two terms' gradients are nearly
/// parallel (the region term is the voxel term scaled by the norm of the class mean); an EMA
/// target (options.regionTargets) makes the region term distinct.
SiameseLossParts voxelSiameseLoss(const torch::Tensor& p, const torch::Tensor& z,
                                  const torch::Tensor& labels, const SiameseOptions& options);

/// voxelSiameseLoss with Balanced (`classWeighting`) or None weights and batch centroids.
SiameseLossParts voxelSiameseLoss(const torch::Tensor& p, const torch::Tensor& z,
                                  const torch::Tensor& labels, bool classWeighting);

/// Supervised contrastive loss (InfoNCE with negatives) on normalised `z` (N × h).
torch::Tensor supervisedContrastiveLoss(const torch::Tensor& z, const torch::Tensor& labels,
                                        double temperature);

/// Collapse monitor of one layer's projections: mean per-dimension std of the normalised z
/// (≈ 1/√h when healthy, → 0 on collapse), the mean cosine between class centroids and the full
/// matrix of those cosines between the classes present (in `classes` order).
struct LayerHealth {
  double zStd = 0;
  double centroidCosine = 0;
  std::vector<int64_t> classes;
  std::vector<std::vector<double>> centroidCosines;
};
LayerHealth layerHealth(const torch::Tensor& z, const torch::Tensor& labels);

}  // namespace voxsiam::learn
