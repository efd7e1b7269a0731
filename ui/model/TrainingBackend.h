#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/image/Image3D.h"
#include "core/learn/TrainingObserver.h"
#include "storage/repository/RunState.h"

namespace voxsiam::ui {

/// One entry of a list the user picks from: its name in requests and its title on screen.
struct NamedChoice {
  std::string name;
  std::string title;
};

/// What the user asked to train.
struct TrainingRequest {
  std::vector<long long> caseIds;  ///< cases whose newest approved labels train
  double validationFraction = 0.2;
  std::string method = "voxsiam";    ///< one of TrainingBackend::methods()
  std::string preset = "cpu-quick";  ///< one of TrainingBackend::presets()
  int epochs = 0;                    ///< 0: the preset's
  double timeBudgetSeconds = 0;      ///< 0: the preset's
  std::string device = "auto";
  std::optional<long long> parentModelId;  ///< the model this run follows (its lineage parent)
  /// With parentModelId: the run takes that model's network and loads its weights before the
  /// first step (fine-tuning); otherwise it starts from random weights.
  bool startFromParent = false;
  /// Data-parallel processes, one per GPU (TrainingBackend::gpus()); 1: the studio alone.
  int processes = 1;
};

/// How a training run ended.
struct TrainingResult {
  storage::RunState state = storage::RunState::Finished;  ///< queued: stopped to be resumed
  std::optional<long long> modelId;
  std::string message;
};

/// What to embed: voxels of some cases through one model's encoder level, then t-SNE.
struct EmbeddingRequest {
  long long modelId = 0;
  std::vector<long long> caseIds;
  int level = -1;              ///< encoder level; -1: the coarsest
  bool projector = false;      ///< that level's projector output instead of its features
  std::size_t perClass = 150;  ///< voxels per organ and case
  bool wrongOnly = false;      ///< only voxels the model labels wrongly
  double perplexity = 30;
  std::uint64_t seed = 1;  ///< same seed and labels: the same voxels for every model
};

/// One organ in the regression gate: mean Dice and HD95 of the active and the new model over
/// the held-out cases where the organ is approved.
struct GateOrgan {
  std::string organ;
  int cases = 0;
  std::optional<double> diceActive, diceNew, hd95Active, hd95New;
};

/// The active model against a newly trained one on the approved cases that neither trained on.
struct GateReport {
  long long activeModel = 0;
  long long newModel = 0;
  std::vector<std::string> cases;  ///< the held-out cases scored
  std::vector<GateOrgan> organs;   ///< in the scheme's order
};

/// A case without approved labels, ranked for labelling next (workflow::suggestCases).
struct LabelSuggestion {
  long long caseId = 0;
  std::string name;
  double uncertainty = 0;  ///< the model's mean uncertainty on the case
  double novelty = 0;      ///< pooled-feature distance to the approved cases (their spread = 1)
  std::string reason;      ///< both reasons with their ranks, one line
};

/// A model's segmentation of a case, not stored: labels and per-voxel uncertainty on the case's
/// grid.
struct ModelSegmentation {
  image::LabelMap labels;
  image::Volume uncertainty;
};

/// Training and prediction for the studio, done by the application (which owns the network
/// code); the studio's controllers call it on worker threads. Implementations open their own
/// database connections, so every call may run on any thread.
class TrainingBackend {
 public:
  virtual ~TrainingBackend() = default;
  /// Records a new run of the project (state queued) with its folder; returns its id. Throws
  /// image::InputError or StorageError (e.g. no approved case).
  virtual long long createRun(const TrainingRequest& request) = 0;
  /// Trains run `runId` until done, cancelled or out of time, continuing from its last
  /// checkpoint when it has one; records epochs, state and, when it finishes, the model.
  virtual TrainingResult train(long long runId, learn::TrainingObserver& observer,
                               const std::atomic<bool>& cancel) = 0;
  /// Segments case `caseId` with model `modelId` and stores the result as a draft label version
  /// (source: that model) with its Dice, HD95 and ASSD to the approved labels; returns its id.
  virtual long long predict(long long modelId, long long caseId) = 0;
  /// Segments case `caseId` with model `modelId` and returns the result without storing it
  /// (the model-assisted click's prediction).
  virtual ModelSegmentation segmentCase(long long modelId, long long caseId) = 0;
  /// Extracts voxel features of the cases (labels: newest approved version, else newest) with the
  /// model, lays them out with t-SNE and stores the embedding in the project; returns its id, or
  /// 0 when cancelled. `progress` gets a line per stage.
  virtual long long embed(const EmbeddingRequest& request,
                          const std::function<void(const std::string&)>& progress,
                          const std::atomic<bool>& cancel) = 0;
  /// Segments the approved cases that neither model trained on with both models and scores them
  /// against their approved organs (nothing is stored). An empty report's cases: none held out.
  virtual GateReport compareModels(long long activeModel, long long newModel,
                                   const std::atomic<bool>& cancel) = 0;
  /// Ranks the cases without approved labels for labelling next under model `modelId` (at most
  /// `count`; 0: all), best first; `progress` gets a line per case. Stops with an exception
  /// when `cancel` is set.
  virtual std::vector<LabelSuggestion> suggestCases(
      long long modelId, std::size_t count, const std::function<void(const std::string&)>& progress,
      const std::atomic<bool>& cancel) = 0;
  /// The device training would use ("cpu" or "cuda").
  virtual std::string device() = 0;
  /// The GPUs training sees; with two or more a run may use one process per GPU.
  virtual int gpus() { return 0; }
  /// The training methods a request may name.
  virtual std::vector<NamedChoice> methods() = 0;
  /// The presets a request may name.
  virtual std::vector<NamedChoice> presets() = 0;
  /// Runs that were interrupted (the studio closed or was killed while they trained) and can
  /// continue from their last checkpoint, oldest first.
  virtual std::vector<long long> resumableRuns() = 0;
  /// Marks run `runId` interrupted but resumable (after the studio stopped it to close).
  virtual void markResumable(long long runId) = 0;
};

}  // namespace voxsiam::ui
