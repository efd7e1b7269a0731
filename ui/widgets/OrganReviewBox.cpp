#include "ui/widgets/OrganReviewBox.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/model/CaseSession.h"
#include "ui/model/OrganStates.h"

namespace voxsiam::ui {
namespace {

enum Column { Organ, Annotated, Review, Trains, ColumnCount };

QTableWidgetItem* readOnly(const QString& text) {
  auto* item = new QTableWidgetItem(text);
  item->setFlags(item->flags() & ~Qt::ItemIsEditable);
  return item;
}

QString reviewText(const OrganState& state, const QString& versionStatus) {
  if (state.review.isEmpty()) return QObject::tr("as the version (%1)").arg(versionStatus);
  return QString("%1 · %2").arg(state.review, state.reviewer);
}

}  // namespace

OrganReviewBox::OrganReviewBox(CaseSession& session, QWidget* parent)
    : QWidget(parent), session_(session) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  table_ = new QTableWidget(0, ColumnCount);
  table_->setObjectName("organReviewTable");
  table_->setHorizontalHeaderLabels({tr("Organ"), tr("Annotated"), tr("Own review"), tr("Trains")});
  table_->verticalHeader()->hide();
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  const int rowHeight = table_->fontMetrics().height() + 6;
  table_->verticalHeader()->setDefaultSectionSize(rowHeight);
  table_->setMinimumHeight(9 * rowHeight + 4);
  table_->setMaximumHeight(9 * rowHeight + 4);
  table_->setToolTip(
      tr("Annotated: the organs the labels of the next saved version cover (the others are "
         "'not annotated' for training, never background). Approve or reject single organs of "
         "the saved version; training uses the organs approved."));
  summary_ = new QLabel;
  summary_->setObjectName("organReviewSummary");
  approve_ = new QPushButton(tr("Approve organ"));
  approve_->setObjectName("approveOrgan");
  reject_ = new QPushButton(tr("Reject organ"));
  reject_->setObjectName("rejectOrgan");
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(summary_, 1);
  buttons->addWidget(approve_);
  buttons->addWidget(reject_);
  layout->addWidget(table_);
  layout->addLayout(buttons);
  connect(table_, &QTableWidget::cellChanged, this, &OrganReviewBox::onItemChanged);
  connect(table_, &QTableWidget::itemSelectionChanged, this, &OrganReviewBox::updateButtons);
  connect(approve_, &QPushButton::clicked, this,
          [this] { reviewSelected(storage::ReviewStatus::Approved); });
  connect(reject_, &QPushButton::clicked, this,
          [this] { reviewSelected(storage::ReviewStatus::Rejected); });
  connect(&session_, &CaseSession::labelsChanged, this, &OrganReviewBox::refresh);
}

void OrganReviewBox::refresh() {
  const auto states = organStates(session_);
  const auto& version = session_.hasCase() ? session_.caseData().version : std::nullopt;
  const QString versionStatus =
      version ? QString::fromStdString(storage::toString(version->status)).replace('_', ' ')
              : tr("unsaved");
  const auto chosen = table_->selectionModel()->selectedRows();
  const int selected = chosen.isEmpty() ? -1 : chosen.front().row();
  table_->blockSignals(true);
  table_->setRowCount(int(states.size()));
  int training = 0;
  for (std::size_t index = 0; index < states.size(); ++index) {
    const auto& state = states[index];
    const int row = int(index);
    table_->setItem(row, Organ, readOnly(state.name));
    table_->item(row, Organ)->setData(Qt::UserRole, int(state.organ));
    const bool unsaved = state.annotated != state.annotateNext;
    auto* annotated = new QTableWidgetItem(unsaved ? tr("(unsaved)") : QString());
    annotated->setToolTip(state.annotated
                              ? tr("this version annotates %1").arg(state.name)
                              : tr("this version does not annotate %1").arg(state.name));
    annotated->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
    annotated->setCheckState(state.annotateNext ? Qt::Checked : Qt::Unchecked);
    table_->setItem(row, Annotated, annotated);
    table_->setItem(row, Review, readOnly(reviewText(state, versionStatus)));
    if (!state.review.isEmpty())
      table_->item(row, Review)->setToolTip(state.reviewer + ", " + state.reviewedAt);
    table_->setItem(row, Trains, readOnly(state.trains ? tr("yes") : tr("no")));
    training += state.trains ? 1 : 0;
  }
  table_->blockSignals(false);
  if (selected >= 0 && selected < table_->rowCount())
    table_->selectRow(selected);
  else
    table_->clearSelection();
  summary_->setText(states.empty() ? QString()
                                   : tr("%1 of %2 organs train").arg(training).arg(states.size()));
  updateButtons();
}

void OrganReviewBox::updateButtons() {
  const bool reviewable = session_.hasCase() && session_.caseData().version && !session_.modified();
  const std::uint16_t organ = selectedOrgan();
  approve_->setEnabled(reviewable && organ != 0);
  reject_->setEnabled(reviewable && organ != 0);
  const QString name =
      organ != 0
          ? table_->item(table_->selectionModel()->selectedRows().front().row(), Organ)->text()
          : tr("organ");
  approve_->setText(tr("Approve %1").arg(name));
  reject_->setText(tr("Reject %1").arg(name));
}

void OrganReviewBox::selectOrgan(std::uint16_t organ) {
  for (int row = 0; row < table_->rowCount(); ++row) {
    if (table_->item(row, Organ)->data(Qt::UserRole).toInt() == organ) table_->selectRow(row);
  }
}

std::uint16_t OrganReviewBox::selectedOrgan() const {
  const auto chosen = table_->selectionModel()->selectedRows();
  const int row = chosen.isEmpty() ? -1 : chosen.front().row();
  if (row < 0 || !table_->item(row, Organ)) return 0;
  return std::uint16_t(table_->item(row, Organ)->data(Qt::UserRole).toInt());
}

void OrganReviewBox::reviewSelected(storage::ReviewStatus status) {
  const std::uint16_t organ = selectedOrgan();
  if (organ == 0) return;
  try {
    session_.reviewOrgan(organ, status);
    emit message(tr("%1 of %2: %3")
                     .arg(QString::fromStdString(session_.scheme().nameOf(organ)))
                     .arg(QString::fromStdString(session_.caseData().name))
                     .arg(QString::fromStdString(storage::toString(status))));
  } catch (const std::exception& error) {
    emit failed(tr("Cannot review the organ"), QString::fromUtf8(error.what()));
  }
}

void OrganReviewBox::onItemChanged(int row, int column) {
  if (column != Annotated) return;
  const auto organ = std::uint16_t(table_->item(row, Organ)->data(Qt::UserRole).toInt());
  session_.setAnnotatedForSave(organ, table_->item(row, Annotated)->checkState() == Qt::Checked);
}

}  // namespace voxsiam::ui
