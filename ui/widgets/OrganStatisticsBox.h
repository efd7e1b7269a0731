#pragma once
#include <QGroupBox>

class QTableWidget;

namespace voxsiam::ui {

class OrganStatisticsTable;

/// "Organ statistics": a row per organ of the shown labels (volume in mL, mean ± SD, min and max
/// HU, surface in mm², centroid in LPS mm), updated after each edit, with CSV export.
class OrganStatisticsBox : public QGroupBox {
  Q_OBJECT

 public:
  explicit OrganStatisticsBox(OrganStatisticsTable& table, QWidget* parent = nullptr);
  QTableWidget* table() const { return table_; }

 signals:
  void message(const QString& text);

 private:
  void fill();

  OrganStatisticsTable& statistics_;
  QTableWidget* table_ = nullptr;
};

}  // namespace voxsiam::ui
