#pragma once
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "core/learn/TrainingConfig.h"
#include "core/learn/TrainingObserver.h"

namespace voxsiam::learn {

class DistributedGroup;

/// How a training run ended.
enum class TrainingOutcome { Finished, Cancelled, OutOfTime };

/// Result of Trainer::train.
struct TrainingSummary {
  TrainingOutcome outcome = TrainingOutcome::Finished;
  int64_t epochsDone = 0;
  std::vector<double> validationDice;  ///< of the last epoch, per organ class
  std::string device;
};

/// Trains the U-Net (and the feature layers) of DESIGN.md §2 with Adam and a poly learning rate,
/// reporting every step and epoch to an observer. The run folder receives checkpoints/last.pt at
/// the end of every epoch (model, feature layers, optimiser, epoch, configuration) and model.pt
/// when training finishes or runs out of time; a run folder that holds a checkpoint is resumed
/// from it, giving the same losses as an uninterrupted run (same seed, CPU). Each epoch reseeds
/// every random generator from (seed, epoch).
///
/// Data-parallel (useGroup): every rank draws the same batches and trains its share of each
/// (BatchShare); Dice sums, predictions and the sampled voxels' features are joined across the
/// ranks, so the loss is the whole batch's on every rank; the U-Net's gradients are summed and
/// the feature heads' (which every rank computes whole) averaged, in buckets. Rank 0's state
/// (fresh, resumed from its checkpoint or loaded from initFrom) is given to every rank at the
/// start, so a checkpoint resumes with any process count and only rank 0 needs the run folder.
/// Rank 0 alone writes checkpoints and the model; validation cases are shared out; stopping
/// (cancel, time budget) is agreed by all ranks. A lost rank ends the others with a one-line
/// std::runtime_error (DistributedGroup).
class Trainer {
 public:
  /// `configJson` and `schemeJson` are stored with checkpoints and the model for `predict`.
  Trainer(TrainingConfig config, std::string runDir, std::string configJson,
          std::string schemeJson);
  ~Trainer();
  /// Trains as one rank of `group` (which must outlive train()); nullptr: a single process.
  void useGroup(DistributedGroup* group);
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  /// Runs until the configured epochs are done, the time budget is used or `cancel` becomes true
  /// (checked between steps; the last epoch checkpoint stays). Throws std::invalid_argument for a
  /// configuration that cannot work (sizes not divisible by the down-sampling factor, no volumes).
  TrainingSummary train(const std::vector<TrainingVolume>& training,
                        const std::vector<TrainingVolume>& validation, TrainingObserver& observer,
                        const std::atomic<bool>& cancel);

 private:
  TrainingSummary trainUnguarded(const std::vector<TrainingVolume>& training,
                                 const std::vector<TrainingVolume>& validation,
                                 TrainingObserver& observer, const std::atomic<bool>& cancel);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The device to train on: "cuda" when requested or "auto" and LibTorch sees a GPU, else "cpu".
/// Throws std::invalid_argument for "cuda" without a GPU or an unknown name.
std::string chooseDevice(const std::string& requested);

/// How many CUDA GPUs LibTorch sees (0 without CUDA).
int cudaDeviceCount();

/// Sets LibTorch's CPU thread count (`threads` > 0, else the hardware threads shared equally by
/// the `processes` training on this machine).
void useCpuThreads(int64_t threads, int processes = 1);

}  // namespace voxsiam::learn
