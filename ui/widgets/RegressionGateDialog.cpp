#include "ui/widgets/RegressionGateDialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStringList>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace voxsiam::ui {
namespace {

QString number(const std::optional<double>& value, int decimals) {
  return value ? QString::number(*value, 'f', decimals) : QString("-");
}

/// "+0.012", "-0.034", and "0.000" for what rounds to zero.
QString signedNumber(double value) {
  if (std::abs(value) < 0.0005) return "0.000";
  return QString::asprintf("%+.3f", value);
}

QString casesText(const GateReport& report) {
  if (report.cases.empty())
    return RegressionGateDialog::tr(
        "No approved case is held out from both runs, so the models could not be compared. "
        "Approve a case that neither trained on to let the gate score them.");
  QStringList names;
  for (const auto& name : report.cases) names << QString::fromStdString(name);
  return RegressionGateDialog::tr("Scored on %1 approved case(s) neither model trained on: %2.")
      .arg(report.cases.size())
      .arg(names.join(", "));
}

QString verdictText(const std::vector<std::pair<std::string, double>>& regressed, double maxDrop,
                    long long activeModel) {
  if (regressed.empty())
    return RegressionGateDialog::tr("No organ's mean Dice drops by more than %1.").arg(maxDrop);
  QStringList organs;
  for (const auto& [organ, change] : regressed)
    organs << QString("%1 (%2)").arg(QString::fromStdString(organ)).arg(change, 0, 'f', 3);
  return RegressionGateDialog::tr(
             "<b>The new model is worse on %1</b>: mean Dice drops by more than %2. Keep model %3 "
             "active unless you know why.")
      .arg(organs.join(", "))
      .arg(maxDrop)
      .arg(activeModel);
}

}  // namespace

RegressionGateDialog::RegressionGateDialog(
    const GateReport& report, const std::vector<std::pair<std::string, double>>& regressed,
    double maxDrop, QWidget* parent)
    : QDialog(parent), report_(report) {
  setObjectName("regressionGate");
  setWindowTitle(
      tr("New model %1 against the active model %2").arg(report.newModel).arg(report.activeModel));
  auto* layout = new QVBoxLayout(this);
  auto* cases = new QLabel(casesText(report));
  cases->setWordWrap(true);
  layout->addWidget(cases);
  table_ = new QTableWidget(0, 7);
  table_->setObjectName("regressionGateTable");
  table_->setHorizontalHeaderLabels(
      {tr("Organ"), tr("Cases"), tr("Dice active (%1)").arg(report.activeModel),
       tr("Dice new (%1)").arg(report.newModel), tr("Change"),
       tr("HD95 active (%1)").arg(report.activeModel), tr("HD95 new (%1)").arg(report.newModel)});
  table_->verticalHeader()->hide();
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  fillTable(regressed);
  layout->addWidget(table_);
  auto* verdict = new QLabel(verdictText(regressed, maxDrop, report.activeModel));
  verdict->setObjectName("regressionGateVerdict");
  verdict->setWordWrap(true);
  layout->addWidget(verdict);
  auto* buttons = new QDialogButtonBox;
  auto* activate = buttons->addButton(tr("Make model %1 active").arg(report.newModel),
                                      QDialogButtonBox::AcceptRole);
  activate->setObjectName("gateActivate");
  auto* keep = buttons->addButton(tr("Keep model %1 active").arg(report.activeModel),
                                  QDialogButtonBox::RejectRole);
  keep->setObjectName("gateKeep");
  // Enter answers the safe way: the focused button is the default one, never the other.
  auto* chosen = regressed.empty() && !report.cases.empty() ? activate : keep;
  for (auto* button : {activate, keep}) button->setAutoDefault(button == chosen);
  chosen->setDefault(true);
  chosen->setFocus();
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  resize(620, 420);
}

void RegressionGateDialog::fillTable(const std::vector<std::pair<std::string, double>>& regressed) {
  table_->setRowCount(int(report_.organs.size()));
  for (std::size_t index = 0; index < report_.organs.size(); ++index) {
    const auto& organ = report_.organs[index];
    std::optional<double> change;
    if (organ.diceActive && organ.diceNew) change = *organ.diceNew - *organ.diceActive;
    const QStringList cells{QString::fromStdString(organ.organ),
                            QString::number(organ.cases),
                            number(organ.diceActive, 3),
                            number(organ.diceNew, 3),
                            change ? signedNumber(*change) : QString("-"),
                            number(organ.hd95Active, 1),
                            number(organ.hd95New, 1)};
    bool worse = false;
    for (const auto& entry : regressed) worse = worse || entry.first == organ.organ;
    for (int column = 0; column < cells.size(); ++column) {
      auto* item = new QTableWidgetItem(cells[column]);
      if (worse) item->setBackground(QColor(250, 200, 200));
      table_->setItem(int(index), column, item);
    }
  }
}

}  // namespace voxsiam::ui
