#pragma once
#include <QColor>
#include <QWidget>

#include <map>
#include <optional>
#include <vector>

#include "core/learn/TrainingObserver.h"
#include "ui/model/TrainingBackend.h"

class QChart;
class QChartView;
class QCheckBox;
class QComboBox;
class QLayout;
class QDoubleSpinBox;
class QLabel;
class QLineSeries;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QValueAxis;

namespace voxsiam::ui {

class CaseSession;
class TrainingController;

/// The training panel: which approved cases train (corrections approved since the last run are
/// marked new), validation share, method, preset and limits; start, pause, cancel; a progress bar
/// with epoch, step and time left; live charts of the losses, the validation Dice per organ, the
/// collapse monitor and the ratio of the feature loss's gradient to the Dice loss's per encoder
/// level (log10; 0 means equal pull).
class TrainingPanel : public QWidget {
  Q_OBJECT

 public:
  TrainingPanel(CaseSession& session, TrainingController& training, QWidget* parent = nullptr);

  /// Re-reads the approved cases of the project and updates what can be started.
  void refreshCases();
  /// Re-reads the active model: "Start from the active model" names it, on by default, and is
  /// off and disabled when there is none.
  void refreshStartingPoint();
  /// The process choice: 1 up to the GPU count, enabled with two or more GPUs.
  void refreshProcesses();
  /// The model the next run would start from (the box is checked), if any.
  std::optional<long long> startingModel() const;
  /// Why Start is disabled (empty when it is enabled).
  QString startBlockedReason() const;
  /// Points plotted so far in the loss chart.
  int lossPoints() const;
  /// Points plotted so far in the validation chart.
  int validationPoints() const;
  /// Points of the feature-loss line (negative for voxel-Siamese, whose loss is a negative cosine).
  int featureLossPoints() const;
  /// Points plotted so far in the gradient-ratio chart.
  int gradientRatioPoints() const;
  /// The names and titles the method list offers now.
  std::vector<NamedChoice> methodChoices() const;
  /// Title of chart 0 (losses), 1 (validation Dice), 2 (collapse monitor) or 3 (gradient ratio
  /// of the feature loss to the Dice loss per encoder level), with the reason when it is empty.
  QString chartTitle(int index) const;

 signals:
  void message(const QString& text);

 private:
  QWidget* buildSettings();
  /// Start, pause, cancel and resume.
  QLayout* buildRunButtons();
  QWidget* buildCharts();
  void startRun();
  void onRunStarted();
  void onStep(const learn::StepReport& step);
  void plotGradientRatio(const learn::StepReport& step);
  void onEpoch(const learn::EpochReport& epoch);
  void onFinished(const QString& state, const QString& message);
  void updateButtons();
  /// Fills the method and preset lists from the backend (when it changes).
  void refreshChoices();
  /// Replaces the entries of `box` by `choices`, keeping the chosen name when it is still there
  /// (`fallback` when nothing was chosen yet).
  static void fillChoices(QComboBox* box, const std::vector<NamedChoice>& choices,
                          const std::string& fallback);
  int checkedCases() const;
  /// The chart's line called `name`, made on first use (drawn in `colour` when it is valid).
  QLineSeries* series(QChart* chart, std::map<QString, QLineSeries*>& lines, const QString& name,
                      const QColor& colour = QColor());
  void resetCharts();
  /// Mean training time of a step so far.
  double secondsPerStep() const;

  CaseSession& session_;
  TrainingController& training_;
  QListWidget* cases_ = nullptr;
  QDoubleSpinBox* validation_ = nullptr;
  QComboBox* method_ = nullptr;
  QComboBox* preset_ = nullptr;
  QCheckBox* startFromActive_ = nullptr;
  std::optional<long long> activeModel_;  ///< as last read
  QSpinBox* epochs_ = nullptr;
  QSpinBox* budget_ = nullptr;
  QLabel* device_ = nullptr;
  QSpinBox* processes_ = nullptr;  ///< data-parallel processes: enabled with two or more GPUs
  QPushButton* start_ = nullptr;
  QPushButton* pause_ = nullptr;
  QPushButton* cancel_ = nullptr;
  QPushButton* resume_ = nullptr;
  QLabel* startReason_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QChart* lossChart_ = nullptr;
  QChart* diceChart_ = nullptr;
  QChart* healthChart_ = nullptr;
  QChart* gradientChart_ = nullptr;
  std::map<QString, QLineSeries*> lossLines_, diceLines_, healthLines_, gradientLines_;
  double globalStep_ = 0;
  double elapsed_ = 0;
  int64_t epochsInRun_ = 0;  ///< known after the first epoch (time left)
};

}  // namespace voxsiam::ui
