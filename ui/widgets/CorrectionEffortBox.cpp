#include "ui/widgets/CorrectionEffortBox.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QTextStream>
#include <QVBoxLayout>

#include "ui/model/CaseSession.h"
#include "ui/model/CorrectionSummary.h"

namespace voxsiam::ui {

CorrectionEffortBox::CorrectionEffortBox(CaseSession& session, QWidget* parent)
    : QGroupBox(tr("Correction effort (model drafts corrected and approved)"), parent),
      session_(session) {
  auto* layout = new QVBoxLayout(this);
  table_ = new QTableWidget(0, 5);
  table_->setObjectName("correctionTable");
  table_->setHorizontalHeaderLabels({tr("Model"), tr("Cases"), tr("Editing time"),
                                     tr("Voxels changed / case"), tr("Most changed organ")});
  table_->verticalHeader()->hide();
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->setMaximumHeight(6 * (table_->fontMetrics().height() + 8));
  auto* exportButton = new QPushButton(tr("Export correction effort (CSV)..."));
  exportButton->setObjectName("exportCorrections");
  layout->addWidget(table_);
  layout->addWidget(exportButton);
  connect(exportButton, &QPushButton::clicked, this, [this] {
    const QString folder = session_.hasProject() ? session_.projectFolder() : QDir::homePath();
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export correction effort"),
                                     QDir(folder).filePath("corrections.csv"), tr("CSV (*.csv)"));
    if (path.isEmpty()) return;
    emit message(exportCsv(path) ? tr("Wrote %1").arg(path) : tr("Cannot write %1").arg(path));
  });
}

void CorrectionEffortBox::refresh() {
  const auto rows = session_.hasProject() ? correctionsPerModel(session_.project())
                                          : std::vector<ModelCorrection>{};
  table_->setRowCount(int(rows.size()));
  for (std::size_t index = 0; index < rows.size(); ++index) {
    const auto& row = rows[index];
    const QStringList cells{
        QString::number(row.modelId), QString::number(row.cases),
        QString("%1:%2").arg(int(row.seconds) / 60).arg(int(row.seconds) % 60, 2, 10, QChar('0')),
        QString::number(row.voxelsPerCase, 'f', 0),
        row.mostChangedOrgan.isEmpty()
            ? tr("none")
            : QString("%1 (%2 voxels)").arg(row.mostChangedOrgan).arg(row.mostChangedVoxels)};
    for (int column = 0; column < cells.size(); ++column)
      table_->setItem(int(index), column, new QTableWidgetItem(cells[column]));
  }
}

bool CorrectionEffortBox::exportCsv(const QString& path) {
  if (!session_.hasProject()) return false;
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) return false;
  QTextStream(&file) << correctionsCsv(session_.project());
  return true;
}

}  // namespace voxsiam::ui
