#include "ui/widgets/ToolPanel.h"

#include <QScrollArea>
#include <QTimer>

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPixmap>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"
#include "ui/widgets/tools/EditToolDescriptor.h"

namespace voxsiam::ui {
namespace {

QIcon colorIcon(const std::array<std::uint8_t, 3>& color) {
  QPixmap swatch(14, 14);
  swatch.fill(QColor(color[0], color[1], color[2]));
  return QIcon(swatch);
}

}  // namespace

ToolPanel::ToolPanel(CaseSession& session, EditController& editor, QWidget* parent)
    : QWidget(parent), session_(session), editor_(editor) {
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(buildTools());
  layout->addWidget(buildBrush());
  layout->addWidget(buildCleanup());
  layout->addWidget(buildDisplay());
  layout->addStretch();
  connect(&session_, &CaseSession::projectOpened, this, &ToolPanel::fillLabels);
  connect(&editor_, &EditController::toolChanged, this, &ToolPanel::showChosenTool);
  connect(&editor_, &EditController::settingsChanged, this, [this] {
    radius_->blockSignals(true);
    radius_->setValue(editor_.brush().radiusMm);
    radius_->blockSignals(false);
  });
}

QWidget* ToolPanel::buildTools() {
  auto* box = new QGroupBox(tr("Tool"));
  auto* column = new QVBoxLayout(box);
  auto* grid = new QGridLayout;
  int placed = 0;
  tools_ = new QButtonGroup(this);
  options_ = new QStackedWidget;
  options_->addWidget(new QWidget);
  const auto& tools = editTools();
  for (std::size_t index = 0; index < tools.size(); ++index) {
    const auto& tool = tools[index];
    if (tool.kind != ToolKind::Pointer) continue;
    auto* button = new QToolButton;
    button->setText(tool.name);
    button->setToolTip(tr("%1 (%2): %3").arg(tool.name, tool.shortcut, tool.help));
    button->setCheckable(true);
    button->setObjectName("tool" + tool.name);
    button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    tools_->addButton(button, int(index));
    grid->addWidget(button, placed / 5, placed % 5);
    ++placed;
    if (tool.options) optionPages_[tool.id] = options_->addWidget(tool.options(session_, editor_));
  }
  connect(tools_, &QButtonGroup::idClicked, this,
          [this](int index) { editor_.setTool(editTools()[std::size_t(index)].id); });
  column->addLayout(grid);
  column->addWidget(options_);
  showChosenTool();
  return box;
}

void ToolPanel::showChosenTool() {
  const auto& tools = editTools();
  for (std::size_t index = 0; index < tools.size(); ++index)
    if (tools[index].id == editor_.tool()) tools_->button(int(index))->setChecked(true);
  const auto page = optionPages_.find(editor_.tool());
  options_->setCurrentIndex(page == optionPages_.end() ? 0 : page->second);
  options_->setVisible(page != optionPages_.end());
  if (page == optionPages_.end()) return;
  // Bring the chosen tool's options into view once the layout has placed them.
  QTimer::singleShot(0, options_, [this] {
    for (QWidget* above = parentWidget(); above; above = above->parentWidget())
      if (auto* area = qobject_cast<QScrollArea*>(above)) {
        area->ensureWidgetVisible(options_, 0, 0);
        return;
      }
  });
}

QWidget* ToolPanel::buildBrush() {
  auto* box = new QGroupBox(tr("Brush"));
  auto* form = new QFormLayout(box);
  label_ = new QComboBox;
  label_->setObjectName("activeLabel");
  radius_ = new QDoubleSpinBox;
  radius_->setObjectName("brushRadius");
  radius_->setRange(0.5, 100);
  radius_->setSuffix(" mm");
  radius_->setValue(editor_.brush().radiusMm);
  sphere_ = new QCheckBox(tr("3D sphere"));
  limit_ = new QCheckBox(tr("only within"));
  minimumHu_ = new QDoubleSpinBox;
  maximumHu_ = new QDoubleSpinBox;
  for (auto* spin : {minimumHu_, maximumHu_}) {
    spin->setRange(-1024, 3071);
    spin->setSuffix(" HU");
  }
  minimumHu_->setValue(-100);
  maximumHu_->setValue(300);
  auto* range = new QHBoxLayout;
  range->addWidget(limit_);
  range->addWidget(minimumHu_);
  range->addWidget(maximumHu_);
  form->addRow(tr("Label"), label_);
  form->addRow(tr("Radius  [ ]"), radius_);
  form->addRow(sphere_);
  form->addRow(range);
  connect(label_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int index) {
    if (index >= 0) editor_.setActiveLabel(std::uint16_t(label_->itemData(index).toInt()));
  });
  connect(radius_, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
          [this](double value) { editor_.setBrushRadius(value); });
  connect(sphere_, &QCheckBox::toggled, this, [this](bool on) { editor_.setBrushSphere(on); });
  for (auto* spin : {minimumHu_, maximumHu_}) {
    connect(spin, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
            &ToolPanel::applyIntensityRange);
  }
  connect(limit_, &QCheckBox::toggled, this, &ToolPanel::applyIntensityRange);
  return box;
}

void ToolPanel::applyIntensityRange() {
  if (!limit_->isChecked()) {
    editor_.setIntensityRange(std::nullopt);
    return;
  }
  editor_.setIntensityRange(
      edit::IntensityRange{float(minimumHu_->value()), float(maximumHu_->value())});
}

QWidget* ToolPanel::buildCleanup() {
  auto* box = new QGroupBox(tr("Label clean-up"));
  auto* form = new QFormLayout(box);
  islandSize_ = new QSpinBox;
  islandSize_->setRange(1, 1000000);
  islandSize_->setValue(int(editor_.islandMinimum()));
  islandSize_->setSuffix(tr(" voxels"));
  form->addRow(tr("Keep islands of at least"), islandSize_);
  connect(islandSize_, qOverload<int>(&QSpinBox::valueChanged), this,
          [this](int value) { editor_.setIslandMinimum(std::size_t(value)); });
  for (const auto& tool : editTools()) {
    if (tool.kind != ToolKind::Command) continue;
    auto* button = new QPushButton(tr("%1 (%2)").arg(tool.name, tool.shortcut));
    button->setToolTip(tool.help);
    button->setObjectName(QString::fromStdString("command-" + tool.id));
    form->addRow(button);
    connect(button, &QPushButton::clicked, this, [this, run = tool.run] {
      ToolContext context{session_, editor_, interpolationAxis_};
      run(context);
    });
  }
  return box;
}

QWidget* ToolPanel::buildDisplay() {
  auto* box = new QGroupBox(tr("Display"));
  auto* form = new QFormLayout(box);
  preset_ = new QComboBox;
  for (const auto& preset : CaseSession::windowPresets()) {
    preset_->addItem(tr("%1  W %2 / L %3").arg(preset.name).arg(preset.window).arg(preset.level));
  }
  windowLevel_ = new QLabel;
  windowLevel_->setObjectName("windowLevel");
  const auto showWindowLevel = [this] {
    const auto& look = session_.appearance();
    windowLevel_->setText(tr("W %1 / L %2  (%3..%4 HU)")
                              .arg(look.window, 0, 'f', 0)
                              .arg(look.level, 0, 'f', 0)
                              .arg(look.level - look.window / 2, 0, 'f', 0)
                              .arg(look.level + look.window / 2, 0, 'f', 0));
  };
  showWindowLevel();
  connect(&session_, &CaseSession::appearanceChanged, this, showWindowLevel);
  opacity_ = new QSlider(Qt::Horizontal);
  opacity_->setRange(0, 100);
  opacity_->setValue(int(session_.appearance().opacity * 100));
  organs_ = new QListWidget;
  organs_->setObjectName("organList");
  organs_->setMaximumHeight(190);
  form->addRow(tr("Window preset"), preset_);
  form->addRow(tr("Window / level"), windowLevel_);
  form->addRow(tr("Label opacity"), opacity_);
  form->addRow(organs_);
  connect(preset_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int index) {
    const auto& preset = CaseSession::windowPresets()[std::size_t(index)];
    session_.setWindowLevel(preset.window, preset.level);
  });
  connect(opacity_, &QSlider::valueChanged, this,
          [this](int value) { session_.setOpacity(value / 100.0); });
  connect(organs_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
    session_.setOrganVisible(std::uint16_t(item->data(Qt::UserRole).toInt()),
                             item->checkState() == Qt::Checked);
  });
  return box;
}

void ToolPanel::fillLabels() {
  label_->clear();
  organs_->blockSignals(true);
  organs_->clear();
  for (const auto& entry : session_.scheme().entries()) {
    const QString name = QString::fromStdString(entry.name);
    label_->addItem(colorIcon(entry.color), QString("%1 %2").arg(entry.id).arg(name), entry.id);
    auto* item = new QListWidgetItem(colorIcon(entry.color), name, organs_);
    item->setData(Qt::UserRole, entry.id);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Checked);
  }
  organs_->blockSignals(false);
}

}  // namespace voxsiam::ui
