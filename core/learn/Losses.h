#pragma once
#include <torch/torch.h>

namespace voxsiam::learn {

/// Multi-class soft Dice loss in the V-Net form (squared denominators) over all classes,
/// summed over the batch: 1 − mean_c (2Σpg + ε) / (Σp² + Σg² + ε). `labels` is N × D × H × W.
torch::Tensor softDiceLoss(const torch::Tensor& logits, const torch::Tensor& labels);

/// The two parts of the voxel-level Siamese loss of one layer.
struct SiameseLossParts {
  torch::Tensor voxelToVoxel;  ///< mean over anchors of mean over same-class j≠i of −cos(p_i, ẑ_j)
  torch::Tensor
      voxelToRegion;  ///< mean over anchors of −cos(p_i, stopgrad(normalised class mean of z))
};

/// Voxel-level Siamese loss (DESIGN.md §2) of predictions `p` and projections `z` (N × h) of
/// voxels of class `labels` (N). z only enters through stop-gradient. With `classWeighting` each
/// class contributes equally (anchor weight 1/N_c), else each anchor does. Anchors without a
/// same-class partner are left out of the voxel-to-voxel term; with none, the term is 0.
SiameseLossParts voxelSiameseLoss(const torch::Tensor& p, const torch::Tensor& z,
                                  const torch::Tensor& labels, bool classWeighting);

/// Supervised contrastive loss (InfoNCE with negatives) on normalised `z` (N × h).
torch::Tensor supervisedContrastiveLoss(const torch::Tensor& z, const torch::Tensor& labels,
                                        double temperature);

/// Collapse monitor of one layer's projections: mean per-dimension std of the normalised z
/// (≈ 1/√h when healthy, → 0 on collapse) and the mean cosine between class centroids.
struct LayerHealth {
  double zStd = 0;
  double centroidCosine = 0;
};
LayerHealth layerHealth(const torch::Tensor& z, const torch::Tensor& labels);

}  // namespace voxsiam::learn
