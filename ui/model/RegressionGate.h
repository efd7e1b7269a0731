#pragma once
#include <QObject>
#include <QString>

#include <atomic>
#include <string>
#include <vector>

#include "ui/model/BackgroundJob.h"
#include "ui/model/TrainingBackend.h"

namespace voxsiam::ui {

class CaseSession;
class TrainingController;

/// The regression gate: when a run finishes with a new model while another model is active, both
/// are scored in the background on the approved cases neither trained on
/// (TrainingBackend::compareModels) and the report goes to whoever decides (the studio asks the
/// user); organs whose mean Dice drops by more than maxDrop() are named. The new model becomes
/// active only through accept().
class RegressionGate : public QObject {
  Q_OBJECT

 public:
  RegressionGate(CaseSession& session, TrainingController& training, QObject* parent = nullptr);
  ~RegressionGate() override;

  /// The largest drop of an organ's mean Dice that passes (default 0.02).
  double maxDrop() const { return maxDrop_; }
  void setMaxDrop(double maxDrop) { maxDrop_ = maxDrop; }
  /// Compares `newModel` with the active model in the background; emits reportReady() or
  /// failed(). Does nothing without an active model or when `newModel` is it.
  void check(long long newModel);
  bool busy() const { return job_.running(); }
  /// Organs of `report` (names) whose mean Dice drops by more than maxDrop(), with the drop.
  std::vector<std::pair<std::string, double>> regressed(const GateReport& report) const;
  /// Makes the new model of `report` active.
  void accept(const GateReport& report);

 signals:
  /// Scoring of `newModel` against `activeModel` began.
  void checking(long long activeModel, long long newModel);
  void reportReady(const voxsiam::ui::GateReport& report);
  void failed(const QString& error);

 private:
  CaseSession& session_;
  TrainingController& training_;
  double maxDrop_ = 0.02;
  std::atomic<bool> cancel_{false};
  BackgroundJob<GateReport> job_;  ///< last: destroyed (and waited for) first
};

}  // namespace voxsiam::ui

Q_DECLARE_METATYPE(voxsiam::ui::GateReport)
