#include "ui/widgets/tools/EffectPanel.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/model/EditController.h"

namespace voxsiam::ui {

EffectPanel::EffectPanel(EditController& editor, std::string effectId,
                         std::function<edit::EffectRequest()> request, QWidget* parent)
    : QWidget(parent),
      editor_(editor),
      effectId_(std::move(effectId)),
      request_(std::move(request)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  form_ = new QFormLayout;
  preview_ = new QCheckBox(tr("Preview (outline)"));
  preview_->setObjectName(QString::fromStdString("effect-" + effectId_ + "-preview"));
  preview_->setChecked(true);
  auto* apply = new QPushButton(tr("Apply"));
  apply->setObjectName(QString::fromStdString("effect-" + effectId_ + "-apply"));
  apply->setToolTip(tr("Apply to the active organ as one step (Ctrl+Z undoes it)"));
  summary_ = new QLabel;
  summary_->setObjectName(QString::fromStdString("effect-" + effectId_ + "-summary"));
  summary_->setWordWrap(true);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(preview_);
  buttons->addStretch(1);
  buttons->addWidget(apply);
  layout->addLayout(form_);
  layout->addLayout(buttons);
  layout->addWidget(summary_);
  connect(apply, &QPushButton::clicked, this, &EffectPanel::apply);
  connect(preview_, &QCheckBox::toggled, this, [this](bool on) {
    if (on) {
      refreshPreview();
    } else {
      editor_.clearPreview();
      summary_->clear();
    }
  });
}

void EffectPanel::refreshPreview() {
  if (!preview_->isChecked() || !isVisible()) return;
  const std::size_t voxels = editor_.previewEffect(effectId_, request_());
  summary_->setText(voxels ? tr("Preview: %1 voxels would change (outlined)").arg(voxels)
                           : tr("Preview: nothing would change"));
}

void EffectPanel::apply() {
  editor_.applyEffect(effectId_, request_());
  summary_->setText(tr("Applied (Ctrl+Z undoes it); change a setting to preview again"));
}

void EffectPanel::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  refreshPreview();
}

}  // namespace voxsiam::ui
