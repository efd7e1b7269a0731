#include "ui/model/OrganStatisticsTable.h"

#include <QFile>
#include <QSaveFile>
#include <QTextStream>

#include "ui/model/CaseSession.h"

namespace voxsiam::ui {

OrganStatisticsTable::OrganStatisticsTable(CaseSession& session, QObject* parent)
    : QObject(parent), session_(session) {
  pending_.setSingleShot(true);
  pending_.setInterval(250);
  connect(&pending_, &QTimer::timeout, this, &OrganStatisticsTable::refresh);
  connect(&session_, &CaseSession::caseLoaded, this, &OrganStatisticsTable::refresh);
  connect(&session_, &CaseSession::caseClosed, this, &OrganStatisticsTable::refresh);
  connect(&session_, &CaseSession::labelsChanged, &pending_, qOverload<>(&QTimer::start));
}

QString OrganStatisticsTable::organName(std::uint16_t label) const {
  return session_.hasProject() ? QString::fromStdString(session_.scheme().nameOf(label))
                               : QString::number(label);
}

void OrganStatisticsTable::refresh() {
  pending_.stop();
  rows_ = session_.hasCase()
              ? metrics::organStatistics(session_.labels(), session_.caseData().image)
              : std::vector<metrics::OrganStatistics>{};
  emit changed();
}

bool OrganStatisticsTable::exportCsv(const QString& path) const {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) return false;
  QTextStream out(&file);
  out.setRealNumberPrecision(10);
  out << "label,organ,voxels,volume_ml,mean_hu,sd_hu,min_hu,max_hu,surface_mm2,centroid_l_mm,"
         "centroid_p_mm,centroid_s_mm\n";
  for (const auto& row : rows_)
    out << row.label << ',' << organName(row.label) << ',' << qulonglong(row.voxels) << ','
        << row.millilitres << ',' << row.meanHu << ',' << row.sdHu << ',' << row.minHu << ','
        << row.maxHu << ',' << row.surfaceMm2 << ',' << row.centroidLps[0] << ','
        << row.centroidLps[1] << ',' << row.centroidLps[2] << '\n';
  out.flush();
  return file.commit();
}

}  // namespace voxsiam::ui
