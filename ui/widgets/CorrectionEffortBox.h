#pragma once
#include <QGroupBox>

class QTableWidget;

namespace voxsiam::ui {

class CaseSession;

/// The Models tab's "Correction effort" box: per model, how many of its drafts were corrected
/// and approved, the editing time and the voxels changed per case, and the organ changed most;
/// Export CSV writes every correction organ by organ.
class CorrectionEffortBox : public QGroupBox {
  Q_OBJECT

 public:
  explicit CorrectionEffortBox(CaseSession& session, QWidget* parent = nullptr);

  /// Re-reads the recorded corrections.
  void refresh();
  /// Writes the corrections as CSV to `path`; false when it cannot be written.
  bool exportCsv(const QString& path);
  /// The table (rows: models), for tests and screenshots.
  QTableWidget* table() const { return table_; }

 signals:
  void message(const QString& text);

 private:
  CaseSession& session_;
  QTableWidget* table_ = nullptr;
};

}  // namespace voxsiam::ui
