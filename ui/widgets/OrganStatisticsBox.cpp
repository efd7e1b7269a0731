#include "ui/widgets/OrganStatisticsBox.h"

#include <QFileDialog>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/model/OrganStatisticsTable.h"

namespace voxsiam::ui {
namespace {

QTableWidgetItem* cell(const QString& text) {
  auto* item = new QTableWidgetItem(text);
  item->setFlags(item->flags() & ~Qt::ItemIsEditable);
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

}  // namespace

OrganStatisticsBox::OrganStatisticsBox(OrganStatisticsTable& table, QWidget* parent)
    : QGroupBox(tr("Organ statistics"), parent), statistics_(table) {
  setObjectName("organStatisticsBox");
  auto* layout = new QVBoxLayout(this);
  table_ = new QTableWidget(0, 6);
  table_->setObjectName("organStatisticsTable");
  table_->setHorizontalHeaderLabels({tr("Organ"), tr("mL"), tr("HU mean ± SD"), tr("HU min..max"),
                                     tr("Surface mm²"), tr("Centroid LPS mm")});
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  // Room for the header and eight organs: the side panel scrolls, the table need not.
  table_->setMinimumHeight(9 * (table_->fontMetrics().height() + 6) + 4);
  table_->setMaximumHeight(table_->minimumHeight());
  auto* exportButton = new QPushButton(tr("Export CSV..."));
  exportButton->setObjectName("organStatisticsExport");
  layout->addWidget(table_);
  layout->addWidget(exportButton, 0, Qt::AlignRight);
  connect(&statistics_, &OrganStatisticsTable::changed, this, &OrganStatisticsBox::fill);
  connect(exportButton, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export organ statistics"),
                                                      "organ_statistics.csv", tr("CSV (*.csv)"));
    if (path.isEmpty()) return;
    emit message(statistics_.exportCsv(path) ? tr("Wrote %1").arg(path)
                                             : tr("Cannot write %1").arg(path));
  });
  fill();
}

void OrganStatisticsBox::fill() {
  const auto& rows = statistics_.rows();
  table_->setRowCount(int(rows.size()));
  for (std::size_t index = 0; index < rows.size(); ++index) {
    const auto& row = rows[index];
    const int r = int(index);
    auto* name = cell(statistics_.organName(row.label));
    name->setTextAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    table_->setItem(r, 0, name);
    table_->setItem(r, 1, cell(QString::number(row.millilitres, 'f', 1)));
    table_->setItem(r, 2,
                    cell(QString("%1 ± %2").arg(row.meanHu, 0, 'f', 0).arg(row.sdHu, 0, 'f', 0)));
    table_->setItem(r, 3,
                    cell(QString("%1..%2").arg(row.minHu, 0, 'f', 0).arg(row.maxHu, 0, 'f', 0)));
    table_->setItem(r, 4, cell(QString::number(row.surfaceMm2, 'f', 0)));
    table_->setItem(r, 5,
                    cell(QString("%1, %2, %3")
                             .arg(row.centroidLps[0], 0, 'f', 1)
                             .arg(row.centroidLps[1], 0, 'f', 1)
                             .arg(row.centroidLps[2], 0, 'f', 1)));
  }
}

}  // namespace voxsiam::ui
