#pragma once
#include <torch/torch.h>

#include <cstdint>

namespace voxsiam::learn {

/// Voxels for calibration: softmax probabilities (voxels × classes, float) and the true class of
/// each voxel (int64).
struct CalibrationVoxels {
  torch::Tensor probabilities;
  torch::Tensor truth;
};

/// A temperature fitted on some voxels, with the expected calibration error before (T = 1) and
/// after, on those voxels.
struct CalibrationReport {
  double temperature = 1.0;
  double eceBefore = 0;
  double eceAfter = 0;
  int64_t voxels = 0;
};

/// Probabilities as if the logits had been divided by `temperature`: p^(1/T), renormalised over
/// the class dimension `classDim`. T > 1 softens, T < 1 sharpens; the argmax never changes.
torch::Tensor temper(const torch::Tensor& probabilities, double temperature, int64_t classDim);

/// Expected calibration error of `voxels` (confidence = the highest probability, `bins` equal
/// bins over 0..1): the voxel-weighted mean |accuracy − confidence|.
double expectedCalibrationError(const CalibrationVoxels& voxels, int bins = 15);

/// The temperature in [0.05, 20] that minimises the negative log-likelihood of `voxels`' truth
/// (golden-section search on log T), with the ECE before and after.
CalibrationReport fitTemperature(const CalibrationVoxels& voxels);

/// Normalised entropy (0: certain, 1: uniform) of probabilities `probabilities` (classes first:
/// K × ...), one value per voxel.
torch::Tensor normalisedEntropy(const torch::Tensor& probabilities);

/// At most `count` voxels of `probabilities` (K × D × H × W) and `truth` (D × H × W) drawn
/// evenly (a fixed stride), leaving out voxels whose truth is `ignored` or not in 0..K-1.
CalibrationVoxels sampleVoxels(const torch::Tensor& probabilities, const torch::Tensor& truth,
                               int64_t count, int64_t ignored = 255);

}  // namespace voxsiam::learn
