#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace voxsiam::learn {

/// Health of one feature layer's projections (see layerHealth).
struct FeatureLayerHealth {
  int64_t level = 0;
  double zStd = 0;
  double centroidCosine = 0;
  std::vector<int64_t> classes;                      ///< the classes present, in matrix order
  std::vector<std::vector<double>> centroidCosines;  ///< K × K cosines of the class centroids
};

/// Losses of one optimisation step.
struct StepReport {
  int64_t epoch = 0;
  int64_t step = 0;  ///< step within the epoch
  int64_t stepsPerEpoch = 0;
  double diceLoss = 0;
  double featureLoss = 0;  ///< λ-free sum over layers; 0 for Dice only
  double totalLoss = 0;
  double learningRate = 0;
  double seconds = 0;           ///< time of this step
  double featureWeight = 0;     ///< λ applied this step (0 during the warm-up)
  std::uint64_t batchHash = 0;  ///< FNV-1a of the batch's images and labels: equal streams match
  /// Recorded every monitorEvery steps (empty otherwise): layer health and, per encoder level,
  /// the gradient norm that the Dice loss and the λ-weighted feature loss put on its weights.
  std::vector<FeatureLayerHealth> health;
  std::vector<double> diceGradientNorm;
  std::vector<double> featureGradientNorm;
};

/// Summary of one epoch: mean losses and validation Dice per organ (index 0 = class 1; NaN where
/// the organ is absent from the validation labels and predictions).
struct EpochReport {
  int64_t epoch = 0;
  int64_t epochs = 0;
  double meanDiceLoss = 0;
  double meanFeatureLoss = 0;
  std::vector<double> validationDice;
  double seconds = 0;
};

/// Receives progress from the Trainer (on the training thread).
class TrainingObserver {
 public:
  virtual ~TrainingObserver() = default;
  virtual void onStep(const StepReport&) {}
  virtual void onEpoch(const EpochReport&) {}
  /// A note for the user (device chosen, resumed from a checkpoint, ...).
  virtual void onMessage(const std::string&) {}
};

}  // namespace voxsiam::learn
