#pragma once
#include <string>

#include "ui/model/TrainingBackend.h"

namespace voxsiam::studio {

/// The studio's training, prediction and embedding on a project. Training is here: runs live in
/// the project's runs/ folder and in its database (training_runs, training_epochs), finished
/// models are copied into models/ and registered with their configuration, parent model, the
/// cases and label versions used and the validation Dice per organ. Prediction
/// (ProjectPrediction.h) and embedding (ProjectEmbedding.h) are their own services.
class ProjectTrainingBackend : public ui::TrainingBackend {
 public:
  explicit ProjectTrainingBackend(std::string projectFolder);

  long long createRun(const ui::TrainingRequest& request) override;
  ui::TrainingResult train(long long runId, learn::TrainingObserver& observer,
                           const std::atomic<bool>& cancel) override;
  long long predict(long long modelId, long long caseId) override;
  ui::ModelSegmentation segmentCase(long long modelId, long long caseId) override;
  long long embed(const ui::EmbeddingRequest& request,
                  const std::function<void(const std::string&)>& progress,
                  const std::atomic<bool>& cancel) override;
  ui::GateReport compareModels(long long activeModel, long long newModel,
                               const std::atomic<bool>& cancel) override;
  std::vector<ui::LabelSuggestion> suggestCases(
      long long modelId, std::size_t count, const std::function<void(const std::string&)>& progress,
      const std::atomic<bool>& cancel) override;
  std::string device() override;
  int gpus() override;
  /// Trains run `runId` as a helper rank (> 0) of a data-parallel run that the studio leads
  /// (torchrun's variables in the environment): the same cases, nothing written. Throws on
  /// failure (a lost rank included).
  void trainAsHelperRank(long long runId, const std::atomic<bool>& cancel);
  /// The program started for helper ranks as `PROGRAM --train-rank PROJECT RUN` (default: this
  /// program, the studio).
  void useHelperProgram(std::string program);
  std::vector<ui::NamedChoice> methods() override;
  std::vector<ui::NamedChoice> presets() override;
  std::vector<long long> resumableRuns() override;
  void markResumable(long long runId) override;

 private:
  std::string folder_;
  std::string helperProgram_;
};

}  // namespace voxsiam::studio
