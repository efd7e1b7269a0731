#include "ui/widgets/NextCaseBox.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/model/CaseSession.h"
#include "ui/model/CaseSuggester.h"
#include "ui/model/CountText.h"

namespace voxsiam::ui {
namespace {

QTableWidgetItem* cell(const QString& text, long long caseId) {
  auto* item = new QTableWidgetItem(text);
  item->setFlags(item->flags() & ~Qt::ItemIsEditable);
  item->setData(Qt::UserRole, caseId);
  return item;
}

}  // namespace

NextCaseBox::NextCaseBox(CaseSession& session, TrainingController& training,
                         std::function<std::optional<long long>()> chosenModel, QWidget* parent)
    : QGroupBox(tr("Which case to label next"), parent),
      session_(session),
      suggester_(new CaseSuggester(training, this)),
      chosenModel_(std::move(chosenModel)) {
  setObjectName("nextCaseBox");
  auto* layout = new QVBoxLayout(this);
  button_ = new QPushButton(tr("Suggest cases to label"));
  button_->setObjectName("suggestNextCases");
  button_->setToolTip(
      tr("Ranks the cases without approved labels: where the model chosen "
         "under 'Predict with' is most unsure, and which look least like the "
         "approved cases (its encoder's pooled features)"));
  status_ = new QLabel;
  status_->setObjectName("suggestionStatus");
  status_->setWordWrap(true);
  auto* top = new QHBoxLayout;
  top->addWidget(button_);
  top->addWidget(status_, 1);
  table_ = new QTableWidget(0, 5);
  table_->setObjectName("suggestionTable");
  table_->setHorizontalHeaderLabels(
      {tr("#"), tr("Case"), tr("Uncertainty"), tr("Novelty"), tr("Why")});
  table_->verticalHeader()->hide();
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setMaximumHeight(7 * (table_->fontMetrics().height() + 8));
  table_->setToolTip(tr("Double-click a case to open it"));
  table_->hide();
  layout->addLayout(top);
  layout->addWidget(table_);
  connect(button_, &QPushButton::clicked, this, &NextCaseBox::suggest);
  connect(suggester_, &CaseSuggester::progress, status_, &QLabel::setText);
  connect(suggester_, &CaseSuggester::suggested, this, &NextCaseBox::showRanking);
  connect(suggester_, &CaseSuggester::failed, this, [this](const QString& error) {
    button_->setEnabled(true);
    status_->setText(tr("Could not rank the cases: %1").arg(error));
    emit message(status_->text());
  });
  const auto outOfDate = [this] {
    if (table_->isVisible() && !status_->text().contains(tr("out of date")))
      status_->setText(status_->text() + tr(" (out of date: labels or the active model changed; "
                                            "rank again)"));
  };
  connect(&session_, &CaseSession::activeModelChanged, this, outOfDate);
  connect(&session_, &CaseSession::versionChanged, this, outOfDate);
  connect(table_, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
    session_.loadCaseAsync(table_->item(row, 0)->data(Qt::UserRole).toLongLong());
  });
}

void NextCaseBox::suggest() {
  const auto model = chosenModel_();
  if (!model) {
    status_->setText(tr("No model to rank with: train one in the Training tab first"));
    return;
  }
  if (suggester_->busy()) return;
  rankedWith_ = *model;
  button_->setEnabled(false);
  status_->setText(tr("Ranking the cases without approved labels with model %1...").arg(*model));
  suggester_->suggest(*model);
}

void NextCaseBox::showRanking(const std::vector<LabelSuggestion>& cases) {
  button_->setEnabled(true);
  table_->setRowCount(int(cases.size()));
  for (std::size_t index = 0; index < cases.size(); ++index) {
    const auto& entry = cases[index];
    const int row = int(index);
    table_->setItem(row, 0, cell(QString::number(index + 1), entry.caseId));
    table_->setItem(row, 1, cell(QString::fromStdString(entry.name), entry.caseId));
    table_->setItem(row, 2, cell(QString::number(entry.uncertainty, 'f', 3), entry.caseId));
    table_->setItem(row, 3, cell(QString::number(entry.novelty, 'f', 2), entry.caseId));
    table_->setItem(row, 4, cell(QString::fromStdString(entry.reason), entry.caseId));
    for (int column = 0; column < table_->columnCount(); ++column)
      table_->item(row, column)
          ->setToolTip(
              tr("%1: %2\nDouble-click to open it")
                  .arg(QString::fromStdString(entry.name), QString::fromStdString(entry.reason)));
  }
  table_->setVisible(!cases.empty());
  status_->setText(cases.empty() ? tr("Every case has approved labels: nothing left to suggest")
                                 : tr("%1 ranked with model %2, best first")
                                       .arg(countText(int(cases.size()), tr("case"), tr("cases")))
                                       .arg(rankedWith_));
  emit message(status_->text());
}

}  // namespace voxsiam::ui
