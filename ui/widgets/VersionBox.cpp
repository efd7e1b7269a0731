#include "ui/widgets/VersionBox.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QStringList>
#include <QVBoxLayout>

#include "storage/repository/LabelVersionRepository.h"
#include "storage/repository/ReviewStatus.h"
#include "ui/model/CaseSession.h"
#include "ui/widgets/OrganReviewBox.h"

namespace voxsiam::ui {

VersionBox::VersionBox(CaseSession& session, QWidget* parent)
    : QGroupBox(tr("Label version"), parent), session_(session) {
  auto* layout = new QVBoxLayout(this);
  versionInfo_ = new QLabel(tr("No case open"));
  versionInfo_->setObjectName("versionInfo");
  versionInfo_->setWordWrap(true);
  versionInfo_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  versionInfo_->setMinimumHeight(4 * versionInfo_->fontMetrics().lineSpacing() + 4);
  layout->addWidget(versionInfo_);
  versionPicker_ = new QComboBox;
  versionPicker_->setObjectName("versionPicker");
  versionPicker_->setToolTip(
      tr("Every label version of this case: approved labels, drafts and "
         "model predictions"));
  layout->addWidget(versionPicker_);
  connect(versionPicker_, qOverload<int>(&QComboBox::activated), this,
          &VersionBox::onVersionPicked);
  saveButton_ = new QPushButton(tr("Save as new version (Ctrl+S)"));
  saveButton_->setObjectName("saveButton");
  layout->addWidget(saveButton_);
  connect(saveButton_, &QPushButton::clicked, this, &VersionBox::save);
  auto* row = new QHBoxLayout;
  const std::pair<const char*, storage::ReviewStatus> buttons[] = {
      {"Submit for review", storage::ReviewStatus::InReview},
      {"Approve", storage::ReviewStatus::Approved},
      {"Reject", storage::ReviewStatus::Rejected}};
  for (const auto& [text, status] : buttons) {
    auto* button = new QPushButton(tr(text));
    button->setObjectName(QString("review_") + QString::fromStdString(storage::toString(status)));
    row->addWidget(button);
    reviewButtons_.push_back({button, int(status)});
    connect(button, &QPushButton::clicked, this, [this, status = status] { review(int(status)); });
  }
  layout->addLayout(row);
  organs_ = new OrganReviewBox(session_);
  layout->addWidget(organs_);
  connect(organs_, &OrganReviewBox::message, this, &VersionBox::message);
  connect(organs_, &OrganReviewBox::failed, this, &VersionBox::failed);
  connect(&session_, &CaseSession::annotationChanged, this, &VersionBox::refresh);
}

namespace {

QString sourceText(const storage::repository::LabelVersionInfo& version) {
  if (version.source == storage::LabelSource::Model)
    return QObject::tr("model %1").arg(version.modelId.value_or(0));
  return QString::fromStdString(storage::toString(version.source));
}

}  // namespace

void VersionBox::fillVersionPicker() {
  versionPicker_->blockSignals(true);
  versionPicker_->clear();
  if (session_.hasCase()) {
    const auto& data = session_.caseData();
    for (const auto& version : data.versions) {
      versionPicker_->addItem(
          tr("%1 · %2 · %3 · %4, %5")
              .arg(session_.versionNumber(version.id))
              .arg(QString::fromStdString(storage::toString(version.status)).replace('_', ' '))
              .arg(sourceText(version))
              .arg(QString::fromStdString(version.author))
              .arg(QString::fromStdString(version.createdAt).left(16).replace('T', ' ')),
          version.id);
      if (data.version && data.version->id == version.id)
        versionPicker_->setCurrentIndex(versionPicker_->count() - 1);
    }
  }
  versionPicker_->setEnabled(versionPicker_->count() > 0);
  versionPicker_->blockSignals(false);
}

void VersionBox::onVersionPicked(int index) {
  const long long id = versionPicker_->itemData(index).toLongLong();
  if (!session_.hasCase() || (session_.caseData().version && session_.caseData().version->id == id))
    return;
  if (!discardCheck_()) {
    fillVersionPicker();
    return;
  }
  try {
    session_.showVersion(id);
    emit message(tr("Showing label version %1 of %2")
                     .arg(session_.versionNumber(id))
                     .arg(QString::fromStdString(session_.caseData().name)));
  } catch (const std::exception& error) {
    emit failed(tr("Cannot show the label version"), QString::fromUtf8(error.what()));
    fillVersionPicker();
  }
}

void VersionBox::updateReviewButtons() {
  const bool open = session_.hasCase();
  const bool unsaved = open && session_.modified();
  saveButton_->setEnabled(unsaved);
  const auto version = open ? session_.caseData().version : std::nullopt;
  for (const auto& [button, status] : reviewButtons_) {
    const auto target = storage::ReviewStatus(status);
    const bool allowed = version && storage::transitionAllowed(version->status, target);
    const bool afterSaving = unsaved && target != storage::ReviewStatus::Rejected;
    button->setEnabled(open && (allowed || afterSaving));
  }
}

void VersionBox::refresh() {
  fillVersionPicker();
  updateReviewButtons();
  organs_->refresh();
  if (!session_.hasCase()) {
    versionInfo_->setText(tr("No case open"));
    return;
  }
  const auto& data = session_.caseData();
  QString text = tr("<b>%1</b><br>").arg(QString::fromStdString(data.name));
  if (data.version) {
    const auto& version = *data.version;
    text += tr("version %1 of %6 · %2 · %3<br>by %4, %5")
                .arg(session_.versionNumber(version.id))
                .arg(QString::fromStdString(storage::toString(version.status)).replace('_', ' '))
                .arg(sourceText(version))
                .arg(QString::fromStdString(version.author))
                .arg(QString::fromStdString(version.createdAt).left(16).replace('T', ' '))
                .arg(data.versions.size());
    if (version.annotated) {
      QStringList names;
      for (const std::uint16_t organ : *version.annotated)
        names << QString::fromStdString(session_.scheme().nameOf(organ));
      text += tr("<br>annotates only: %1").arg(names.isEmpty() ? tr("nothing") : names.join(", "));
    }
  } else {
    text += tr("no label version yet");
  }
  text += session_.modified() ? tr("<br><font color='#d08000'>unsaved changes</font>")
                              : tr("<br><font color='#808080'>no unsaved changes</font>");
  versionInfo_->setText(text);
}

void VersionBox::save() {
  if (!session_.hasCase()) return;
  try {
    const long long id = session_.save();
    emit message(tr("Saved label version %1 of %2")
                     .arg(session_.versionNumber(id))
                     .arg(QString::fromStdString(session_.caseData().name)));
  } catch (const std::exception& error) {
    emit failed(tr("Cannot save"), QString::fromUtf8(error.what()));
  }
}

void VersionBox::review(int status) {
  if (!session_.hasCase()) return;
  QString note;
  if (storage::ReviewStatus(status) == storage::ReviewStatus::Approved && !confirmApproval(note))
    return;
  try {
    if (session_.modified()) session_.save();
    session_.setReviewStatus(storage::ReviewStatus(status), note);
    emit message(tr("%1: version %2 is now %3")
                     .arg(QString::fromStdString(session_.caseData().name))
                     .arg(session_.versionNumber(session_.caseData().version->id))
                     .arg(QString::fromStdString(storage::toString(storage::ReviewStatus(status)))
                              .replace('_', ' ')));
  } catch (const std::exception& error) {
    emit failed(tr("Cannot change the review status"), QString::fromUtf8(error.what()));
  }
}

bool VersionBox::confirmApproval(QString& note) {
  if (!confirmApprovals_) return true;
  QInputDialog dialog(this);
  dialog.setObjectName("approveDialog");
  dialog.setWindowTitle(tr("Approve labels"));
  dialog.setLabelText(
      tr("Approve the labels of %1 as %2? Approved labels train the next model.\n\nNote "
         "(optional):")
          .arg(QString::fromStdString(session_.caseData().name), session_.author()));
  dialog.setOkButtonText(tr("Approve"));
  if (dialog.exec() != QDialog::Accepted) return false;
  note = dialog.textValue().trimmed();
  return true;
}

void VersionBox::setDiscardCheck(std::function<bool()> check) {
  discardCheck_ = std::move(check);
}

}  // namespace voxsiam::ui
