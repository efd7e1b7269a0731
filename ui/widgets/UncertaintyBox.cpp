#include "ui/widgets/UncertaintyBox.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include "ui/model/CountText.h"
#include "ui/model/UncertaintyReview.h"

namespace voxsiam::ui {
namespace {

QString regionText(int number, const RegionToCheck& entry) {
  const auto& region = entry.region;
  return QObject::tr("%1%2. %3 ml, %4, peak %5, axial slice %6")
      .arg(entry.checked ? QString::fromUtf8("\u2713 ") : QString())
      .arg(number)
      .arg(region.millilitres, 0, 'f', region.millilitres < 10 ? 2 : 1)
      .arg(entry.organ.isEmpty() ? QObject::tr("organ unknown") : entry.organ)
      .arg(region.peakUncertainty, 0, 'f', 2)
      .arg(region.peak[2] + 1);
}

}  // namespace

UncertaintyBox::UncertaintyBox(UncertaintyReview& review, QWidget* parent)
    : QGroupBox(tr("Where the model is unsure"), parent), review_(review) {
  setObjectName("uncertaintyBox");
  auto* layout = new QVBoxLayout(this);
  source_ = new QLabel;
  source_->setObjectName("uncertaintySource");
  source_->setWordWrap(true);
  show_ = new QCheckBox(tr("Show uncertainty over the slices (yellow: unsure, red: no idea)"));
  show_->setObjectName("uncertaintyShow");
  threshold_ = new QDoubleSpinBox;
  threshold_->setObjectName("uncertaintyThreshold");
  threshold_->setRange(0.05, 0.95);
  threshold_->setSingleStep(0.05);
  threshold_->setDecimals(2);
  threshold_->setValue(review_.threshold());
  threshold_->setToolTip(
      tr("Normalised entropy (0: certain, 1: every organ equally likely) "
         "from which a voxel belongs to a region to check"));
  auto* thresholdRow = new QHBoxLayout;
  thresholdRow->addWidget(new QLabel(tr("Regions to check, from uncertainty")));
  thresholdRow->addWidget(threshold_);
  thresholdRow->addStretch(1);
  regions_ = new QListWidget;
  regions_->setObjectName("uncertaintyRegions");
  regions_->setMaximumHeight(6 * (regions_->fontMetrics().height() + 6));
  regions_->setToolTip(tr("Click a region to go to its most uncertain voxel"));
  left_ = new QLabel;
  left_->setObjectName("uncertaintyLeft");
  next_ = new QPushButton(tr("Next region"));
  next_->setObjectName("uncertaintyNext");
  auto* bottom = new QHBoxLayout;
  bottom->addWidget(left_, 1);
  bottom->addWidget(next_);
  layout->addWidget(source_);
  layout->addWidget(show_);
  layout->addLayout(thresholdRow);
  layout->addWidget(regions_);
  layout->addLayout(bottom);
  connect(show_, &QCheckBox::toggled, &review_, &UncertaintyReview::setShown);
  connect(threshold_, qOverload<double>(&QDoubleSpinBox::valueChanged), &review_,
          &UncertaintyReview::setThreshold);
  connect(regions_, &QListWidget::itemClicked, this,
          [this](QListWidgetItem* item) { review_.jumpTo(regions_->row(item)); });
  connect(next_, &QPushButton::clicked, this, [this] {
    if (const auto next = review_.nextUnchecked()) review_.jumpTo(*next);
  });
  connect(&review_, &UncertaintyReview::changed, this, &UncertaintyBox::refresh);
  refresh();
}

void UncertaintyBox::refresh() {
  const bool available = review_.available();
  source_->setText(available ? tr("From %1.").arg(review_.source())
                             : tr("No uncertainty for this case: predict it in the Models tab."));
  show_->setEnabled(available);
  regions_->setVisible(available);
  threshold_->setEnabled(available);
  {
    const QSignalBlocker blocker(show_);
    show_->setChecked(review_.shown());
  }
  const auto& regions = review_.regions();
  if (regions_->count() != int(regions.size())) {  // else relabel in place (a click's item lives)
    regions_->clear();
    for (std::size_t index = 0; index < regions.size(); ++index) regions_->addItem(QString());
  }
  for (std::size_t index = 0; index < regions.size(); ++index)
    regions_->item(int(index))->setText(regionText(int(index) + 1, regions[index]));
  left_->setText(
      !available        ? QString()
      : regions.empty() ? tr("no region to check at this threshold")
      : review_.remaining() == 0
          ? tr("all checked (%1)").arg(countText(int(regions.size()), tr("region"), tr("regions")))
          : tr("%1 of %2 left to check")
                .arg(review_.remaining())
                .arg(countText(int(regions.size()), tr("region"), tr("regions"))));
  next_->setEnabled(review_.nextUnchecked().has_value());
}

}  // namespace voxsiam::ui
