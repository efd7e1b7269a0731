#pragma once
#include <QWidget>

#include <memory>
#include <vector>

#include "ui/model/ModelRegistry.h"
#include "ui/model/RegressionGate.h"
#include "ui/model/ScoringController.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace voxsiam::ui {

class CaseSession;
class CorrectionEffortBox;
class NextCaseBox;
class EditController;
class TrainingController;

/// The model registry and metrics panel: models with their run, parent, training cases and
/// validation Dice; the active model; prediction of the shown case or of every case in the
/// background; taking organs one by one from a model's suggestion for the shown case; two models
/// compared case by case and organ by organ; Dice, HD95 and ASSD against the approved labels with
/// CSV export; after each run, the regression gate's question before a new model becomes active.
class ModelsPanel : public QWidget {
  Q_OBJECT

 public:
  ModelsPanel(CaseSession& session, EditController& editor, TrainingController& training,
              QWidget* parent = nullptr);

  /// Re-reads the models.
  void refresh();
  /// Fills the score table with the comparison of models `a` and `b`.
  void showComparison(long long a, long long b);
  /// Fills the score table with Dice/HD95/ASSD of the newest versions (or of `modelId`'s
  /// predictions); runs in the background.
  void evaluate(std::optional<long long> modelId);
  /// Shows the scores of a finished evaluation.
  void showEvaluation(const std::vector<ScoreRow>& rows);
  /// Writes the score table as CSV. Returns false when the file cannot be written.
  bool exportCsv(const QString& path) const;
  /// Rows in the score table.
  int scoreRows() const;
  /// The correction-effort box (per model: drafts corrected, editing time, voxels changed).
  CorrectionEffortBox& corrections() { return *corrections_; }
  /// The "which case to label next" box.
  NextCaseBox& nextCases() { return *nextCases_; }
  /// The regression gate that follows each finished run.
  RegressionGate& gate() { return *gate_; }

 signals:
  void message(const QString& text);

 private:
  QWidget* buildRegistry();
  QWidget* buildSuggestion();
  QWidget* buildScores();
  void fillScores(const std::vector<ScoreRow>& rows, bool comparison);
  void fillSummary(const std::vector<ScoreRow>& rows);
  void refreshSuggestion();
  std::optional<long long> selectedModel() const;
  /// The model Predict uses: the one chosen under "Predict with" (the active model by default).
  std::optional<long long> predictionModel() const;
  void predictCases(const std::vector<long long>& caseIds);
  /// Asks (a RegressionGateDialog) whether the new model of `report` becomes active.
  void askGate(const GateReport& report);

  CaseSession& session_;
  EditController& editor_;
  TrainingController& training_;
  ModelRegistry registry_;
  ScoringController* scoring_ = nullptr;
  RegressionGate* gate_ = nullptr;
  CorrectionEffortBox* corrections_ = nullptr;
  NextCaseBox* nextCases_ = nullptr;
  QTableWidget* models_ = nullptr;
  QLabel* suggestion_ = nullptr;
  QComboBox* suggestionOrgan_ = nullptr;
  QPushButton* takeOrgan_ = nullptr;
  QCheckBox* showOutline_ = nullptr;
  QComboBox* predictModel_ = nullptr;
  QComboBox* modelA_ = nullptr;
  QComboBox* modelB_ = nullptr;
  QComboBox* evaluationSource_ = nullptr;
  QTableWidget* scores_ = nullptr;
  QTableWidget* summary_ = nullptr;
  QLabel* scoresNote_ = nullptr;
  std::vector<ScoreRow> shownScores_;
  bool shownComparison_ = false;
  long long suggestionVersion_ = 0;
};

}  // namespace voxsiam::ui
