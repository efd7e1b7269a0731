#include "ui/model/CaseTableModel.h"

#include <QStringList>

#include <algorithm>

#include "storage/Project.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "storage/repository/MetricsRepository.h"
#include "storage/services/TrainableOrgans.h"
#include "ui/model/CaseData.h"

namespace voxsiam::ui {
namespace {

std::optional<double> meanDice(const std::vector<storage::repository::OrganScore>& scores) {
  double sum = 0;
  int count = 0;
  for (const auto& score : scores) {
    if (score.dice) sum += *score.dice, ++count;
  }
  if (count == 0) return std::nullopt;
  return sum / count;
}

/// Fills the row's organ columns: the organs of the version that trains (per-organ reviews
/// applied) and, for the tooltip, each organ's state.
void describeOrgans(storage::repository::LabelVersionRepository& versions,
                    const image::LabelScheme& scheme, CaseRow& row) {
  row.organs = int(scheme.entries().size());
  const auto version = storage::trainingVersion(versions, row.id, scheme);
  if (!version) {
    row.organDetail = CaseTableModel::tr("no approved organ yet");
    return;
  }
  const auto reviews = versions.organReviews(version->id);
  const auto training = storage::trainableOrgans(*version, reviews, scheme);
  row.organsTraining = int(training.size());
  const auto all = versions.forCase(row.id);
  const auto position = std::find_if(all.begin(), all.end(),
                                     [&](const auto& entry) { return entry.id == version->id; });
  QStringList lines{CaseTableModel::tr("trains from version %1 of %2 (%3)")
                        .arg(position - all.begin() + 1)
                        .arg(all.size())
                        .arg(QString::fromStdString(storage::toString(version->status)))};
  for (const auto& entry : scheme.entries()) {
    QString state = std::count(training.begin(), training.end(), entry.id)
                        ? CaseTableModel::tr("trains")
                        : CaseTableModel::tr("not used");
    for (const auto& review : reviews)
      if (review.organ == entry.id)
        state += " · " +
                 QString::fromStdString(storage::toString(review.status) + " by " + review.author);
    lines << QString::fromStdString(entry.name) + ": " + state;
  }
  row.organDetail = lines.join("\n");
}

/// The DICOM study of a case imported from DICOM: "PATIENT YYYY-MM-DD", its description as tooltip.
void describeStudy(const storage::repository::CaseSummary& summary, CaseRow& row) {
  if (!summary.dicomStudy) return;
  const auto& study = *summary.dicomStudy;
  QString date = QString::fromStdString(study.studyDate);
  if (date.size() == 8) date = date.left(4) + "-" + date.mid(4, 2) + "-" + date.mid(6, 2);
  row.study = QString::fromStdString(study.patientId) + (date.isEmpty() ? "" : " " + date);
  row.studyDetail = study.description.empty()
                        ? CaseTableModel::tr("DICOM study without a description")
                        : QString::fromStdString(study.description);
}

}  // namespace

CaseTableModel::CaseTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void CaseTableModel::reload(storage::Project& project) {
  std::vector<CaseRow> rows;
  storage::repository::LabelVersionRepository versions(project.connection());
  storage::repository::MetricsRepository metrics(project.connection());
  const auto scheme = project.scheme();
  for (const auto& summary : storage::repository::CaseRepository(project.connection()).list()) {
    CaseRow row{summary.id,
                QString::fromStdString(summary.name),
                summary.latestStatus.empty() ? QString("unlabelled")
                                             : QString::fromStdString(summary.latestStatus),
                QString(),
                summary.versionCount,
                std::nullopt,
                QString()};
    if (summary.latestVersionId) {
      const auto all = versions.forCase(summary.id);
      const auto shown = versionToShow(all);
      row.status = QString::fromStdString(storage::toString(shown->status));
      row.source = QString::fromStdString(storage::toString(shown->source));
      if (all.back().id != shown->id) {
        row.source += "*";
        row.newer = tr("a newer version (%1, %2) exists: pick it in the version picker")
                        .arg(QString::fromStdString(storage::toString(all.back().source)),
                             QString::fromStdString(storage::toString(all.back().status)));
      }
      const auto approved = versions.latest(summary.id, storage::ReviewStatus::Approved);
      if (approved && approved->id == *summary.latestVersionId) {
        row.dice = 1.0;
      } else if (approved) {
        row.dice = meanDice(metrics.get(*summary.latestVersionId, approved->id));
      }
    }
    describeOrgans(versions, scheme, row);
    describeStudy(summary, row);
    rows.push_back(row);
  }
  beginResetModel();
  rows_ = std::move(rows);
  endResetModel();
}

int CaseTableModel::rowOf(long long caseId) const {
  for (std::size_t index = 0; index < rows_.size(); ++index) {
    if (rows_[index].id == caseId) return int(index);
  }
  return -1;
}

int CaseTableModel::rowOf(const QString& name) const {
  for (std::size_t index = 0; index < rows_.size(); ++index) {
    if (rows_[index].name == name) return int(index);
  }
  return -1;
}

bool CaseTableModel::hasStudies() const {
  return std::any_of(rows_.begin(), rows_.end(),
                     [](const CaseRow& row) { return !row.study.isEmpty(); });
}

int CaseTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : int(rows_.size());
}

int CaseTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant CaseTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid()) return {};
  const CaseRow& row = rows_[std::size_t(index.row())];
  if (role == kCaseIdRole) return row.id;
  if (role == kStatusRole) return row.status;
  if (role == Qt::ToolTipRole && index.column() == Source && !row.newer.isEmpty()) return row.newer;
  if (role == Qt::ToolTipRole && index.column() == Organs) return row.organDetail;
  if (role == Qt::ToolTipRole && index.column() == Study && !row.study.isEmpty())
    return row.studyDetail;
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case Name:
      return row.name;
    case Status:
      return QString(row.status).replace('_', ' ');
    case Source:
      return row.source;
    case Versions:
      return row.versions;
    case Dice:
      return row.dice ? QString::number(*row.dice, 'f', 3) : QString("-");
    case Organs:
      return QString("%1/%2").arg(row.organsTraining).arg(row.organs);
    case Study:
      return row.study.isEmpty() ? QString("-") : row.study;
    default:
      return {};
  }
}

QVariant CaseTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* titles[] = {"Case", "Status", "Source", "Ver.", "Dice", "Organs", "Study"};
  return section < ColumnCount ? tr(titles[section]) : QVariant();
}

CaseStatusFilter::CaseStatusFilter(QObject* parent) : QSortFilterProxyModel(parent) {}

void CaseStatusFilter::setStatus(const QString& status) {
  status_ = status;
  invalidateFilter();
}

bool CaseStatusFilter::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
  if (status_.isEmpty()) return true;
  const auto* cases = static_cast<const CaseTableModel*>(sourceModel());
  return cases->row(sourceRow).status == status_;
}

}  // namespace voxsiam::ui
