#pragma once
#include <QDialog>

#include <string>
#include <utility>
#include <vector>

#include "ui/model/TrainingBackend.h"

class QTableWidget;

namespace voxsiam::ui {

/// The regression gate's question after a run: the active and the new model side by side per
/// organ (held-out cases, mean Dice and HD95, the change), the organs that got worse named, and
/// "Make model N active" or "Keep model M active" (the default when an organ regressed).
/// Accepted: make the new model active.
class RegressionGateDialog : public QDialog {
  Q_OBJECT

 public:
  RegressionGateDialog(const GateReport& report,
                       const std::vector<std::pair<std::string, double>>& regressed, double maxDrop,
                       QWidget* parent = nullptr);

  const GateReport& report() const { return report_; }
  /// The table (rows: organs; for tests and screenshots).
  QTableWidget* table() const { return table_; }

 private:
  void fillTable(const std::vector<std::pair<std::string, double>>& regressed);

  GateReport report_;
  QTableWidget* table_ = nullptr;
};

}  // namespace voxsiam::ui
