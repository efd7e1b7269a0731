#pragma once
#include <QObject>
#include <QString>

#include <optional>
#include <vector>

#include "ui/model/BackgroundJob.h"
#include "ui/model/ModelRegistry.h"

namespace voxsiam::ui {

/// Scores label versions against the approved labels in the background (ModelRegistry::evaluate
/// on its own connection) for the models panel; one scoring at a time.
class ScoringController : public QObject {
  Q_OBJECT

 public:
  explicit ScoringController(QObject* parent = nullptr);

  /// Scores the newest versions of the project in `projectFolder` (or `modelId`'s predictions);
  /// emits scored() or scoringFailed(). Ignored (returns false) while a scoring runs.
  bool evaluate(const QString& projectFolder, std::optional<long long> modelId);
  bool busy() const { return job_.running(); }

 signals:
  void scored(const std::vector<voxsiam::ui::ScoreRow>& rows);
  void scoringFailed(const QString& error);

 private:
  BackgroundJob<std::vector<ScoreRow>> job_;
};

}  // namespace voxsiam::ui
