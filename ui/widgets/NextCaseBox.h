#pragma once
#include <QGroupBox>

#include <functional>
#include <optional>
#include <vector>

#include "ui/model/TrainingBackend.h"

class QLabel;
class QPushButton;
class QTableWidget;

namespace voxsiam::ui {

class CaseSession;
class CaseSuggester;
class TrainingController;

/// "Which case to label next": ranks the cases without approved labels under the chosen model
/// (the model's mean uncertainty and the case's novelty against the approved cases, both
/// reasons shown); a double-click opens a case.
class NextCaseBox : public QGroupBox {
  Q_OBJECT

 public:
  /// `chosenModel` gives the model to rank with (none: the button explains).
  NextCaseBox(CaseSession& session, TrainingController& training,
              std::function<std::optional<long long>()> chosenModel, QWidget* parent = nullptr);

  /// Ranks the cases (the button).
  void suggest();
  QTableWidget* table() const { return table_; }

 signals:
  void message(const QString& text);

 private:
  void showRanking(const std::vector<LabelSuggestion>& cases);

  CaseSession& session_;
  CaseSuggester* suggester_ = nullptr;
  std::function<std::optional<long long>()> chosenModel_;
  QPushButton* button_ = nullptr;
  QLabel* status_ = nullptr;
  QTableWidget* table_ = nullptr;
  long long rankedWith_ = 0;
};

}  // namespace voxsiam::ui
