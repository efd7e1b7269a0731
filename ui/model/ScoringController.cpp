#include "ui/model/ScoringController.h"

namespace voxsiam::ui {

ScoringController::ScoringController(QObject* parent) : QObject(parent) {}

bool ScoringController::evaluate(const QString& projectFolder, std::optional<long long> modelId) {
  const std::string folder = projectFolder.toStdString();
  return job_.start([folder, modelId] { return ModelRegistry::evaluate(folder, modelId); },
                    [this](TaskOutcome<std::vector<ScoreRow>> outcome) {
                      if (outcome.result) {
                        emit scored(*outcome.result);
                      } else {
                        emit scoringFailed(outcome.error);
                      }
                    });
}

}  // namespace voxsiam::ui
