#pragma once
#include <torch/torch.h>

#include <string>

#include "core/learn/FeatureObjective.h"
#include "core/learn/RankAgreement.h"
#include "core/learn/UNet3D.h"

namespace voxsiam::learn {

/// How far a run got, as a checkpoint records it.
struct TrainingProgress {
  int64_t epochsDone = 0;
  double elapsed = 0;  ///< seconds of training so far
};

/// What a checkpoint saves and restores: the network, the feature layers (may be null) and the
/// optimiser.
struct TrainingParts {
  UNet3DImpl& model;
  FeatureObjectiveImpl* objective;
  torch::optim::Optimizer& optimizer;
};

/// The parts, the progress and the run's configuration in one archive (a checkpoint's content).
torch::serialize::OutputArchive stateArchive(const TrainingParts& parts,
                                             const TrainingProgress& progress,
                                             const std::string& configJson);

/// Restores `parts` from an archive written by stateArchive and returns its progress.
TrainingProgress loadState(torch::serialize::InputArchive& archive, const TrainingParts& parts);

/// Gives every rank rank 0's parts and progress (`progress`: this rank's; rank 0's is returned
/// everywhere); nothing to do in a single process.
TrainingProgress shareLeaderState(const TrainingParts& parts, const TrainingProgress& progress,
                                  const std::string& configJson, const RankAgreement& ranks,
                                  const torch::Device& device);

}  // namespace voxsiam::learn
