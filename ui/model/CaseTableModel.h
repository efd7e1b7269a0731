#pragma once
#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include <optional>
#include <vector>

namespace voxsiam::storage {
class Project;
}

namespace voxsiam::ui {

/// One row of the case browser.
struct CaseRow {
  long long id = 0;
  QString name;
  QString status;  ///< review status of the version the case opens on, "unlabelled" without one
  QString source;  ///< its source (manual, import or model); "*" marks a newer version
  long long versions = 0;
  std::optional<double> dice;  ///< mean Dice of the newest version to the newest approved one
  QString newer;               ///< when a version newer than the one shown exists: which (tooltip)
  int organsTraining = 0;      ///< organs of the case that train (per-organ review applied)
  int organs = 0;              ///< organs of the scheme
  QString organDetail;         ///< which version trains and each organ's state (tooltip)
  QString study;        ///< DICOM cases: patient id (a pseudonym if anonymised) and study date
  QString studyDetail;  ///< DICOM cases: the study's description (tooltip)
};

/// The project's cases for the case browser (Qt model/view over storage): name, review status,
/// label source, number of versions, Dice to the approved label and how many organs train
/// (per-organ review), and the DICOM study a case came from.
class CaseTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { Name, Status, Source, Versions, Dice, Organs, Study, ColumnCount };
  static constexpr int kCaseIdRole = Qt::UserRole + 1;
  /// The row's review status as stored ("approved", "in_review", ..., "unlabelled").
  static constexpr int kStatusRole = Qt::UserRole + 2;

  explicit CaseTableModel(QObject* parent = nullptr);

  /// Re-reads the cases of `project`. Throws StorageError when the database cannot be read.
  void reload(storage::Project& project);
  /// Row of case `caseId`, or -1.
  int rowOf(long long caseId) const;
  /// Row of the case called `name`, or -1.
  int rowOf(const QString& name) const;
  const CaseRow& row(int index) const { return rows_[std::size_t(index)]; }
  /// True when some case came from a DICOM study (the Study column has something to show).
  bool hasStudies() const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  std::vector<CaseRow> rows_;
};

/// Shows only the cases whose review status matches (empty filter: all).
class CaseStatusFilter : public QSortFilterProxyModel {
  Q_OBJECT

 public:
  explicit CaseStatusFilter(QObject* parent = nullptr);
  void setStatus(const QString& status);

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

 private:
  QString status_;
};

}  // namespace voxsiam::ui
