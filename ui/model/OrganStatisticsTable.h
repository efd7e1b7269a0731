#pragma once
#include <QObject>
#include <QString>
#include <QTimer>

#include <vector>

#include "core/metrics/OrganStatistics.h"

namespace voxsiam::ui {

class CaseSession;

/// Per-organ statistics of the shown labels over the case's CT (volume, HU, surface,
/// centroid), kept up to date: recomputed shortly after each edit and when a case or version
/// loads.
class OrganStatisticsTable : public QObject {
  Q_OBJECT

 public:
  explicit OrganStatisticsTable(CaseSession& session, QObject* parent = nullptr);

  const std::vector<metrics::OrganStatistics>& rows() const { return rows_; }
  /// The organ's name in the project's scheme.
  QString organName(std::uint16_t label) const;
  /// Recomputes now.
  void refresh();
  /// Writes the rows as CSV (label, organ, voxels, volume_ml, HU, surface, LPS centroid);
  /// false when the file cannot be written.
  bool exportCsv(const QString& path) const;

 signals:
  void changed();

 private:
  CaseSession& session_;
  std::vector<metrics::OrganStatistics> rows_;
  QTimer pending_;  ///< gathers the edits of a stroke into one recomputation
};

}  // namespace voxsiam::ui
