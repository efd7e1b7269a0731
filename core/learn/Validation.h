#pragma once
#include <torch/torch.h>

#include <vector>

#include "core/learn/Inference.h"
#include "core/learn/RankAgreement.h"
#include "core/learn/TrainingConfig.h"
#include "core/learn/UNet3D.h"

namespace voxsiam::learn {

/// Dice per organ (1..K−1) of `predicted` to `truth`, over the voxels not labelled
/// kIgnoreLabel; NaN for an organ absent from both or not annotated in `annotated` (K flags).
std::vector<double> diceOnGrid(const torch::Tensor& predicted, const torch::Tensor& truth,
                               int64_t classes, const torch::Tensor& annotated);

/// Mean Dice per organ (1..classes−1; NaN where no case scores it) of `model` on `volumes`,
/// which the ranks of `ranks` share out (rank r predicts volumes r, r + size, ...) and whose
/// sums they join: every rank gets the whole mean.
std::vector<double> validationDice(UNet3D& model, const std::vector<TrainingVolume>& volumes,
                                   const InferenceSettings& settings, const torch::Device& device,
                                   int64_t classes, const RankAgreement& ranks);

}  // namespace voxsiam::learn
