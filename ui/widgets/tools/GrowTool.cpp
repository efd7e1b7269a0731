#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QObject>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>
#include <QWidget>

#include "ui/model/CaseSession.h"
#include "ui/model/CountText.h"
#include "ui/model/EditController.h"
#include "ui/model/SeedGrowthSession.h"
#include "ui/widgets/tools/EditToolDescriptor.h"

namespace voxsiam::ui {
namespace {

/// What the seeds and the growing are at, for the tool's status line.
QString growStatus(const SeedGrowthSession& growth) {
  const QString organs =
      countText(int(growth.organs().size()), QObject::tr("organ"), QObject::tr("organs"));
  if (growth.busy())
    return QObject::tr("Growing %1 from %2 seed voxels...").arg(organs).arg(growth.seedCount());
  const QString noBackground =
      growth.hasBackgroundSeeds()
          ? QString()
          : QObject::tr(
                " No background seeds yet: without them an organ takes everything it "
                "can reach - choose Background seeds and paint around it.");
  return QObject::tr(
             "%1 seeded (%2 seed voxels); the result is outlined: Apply, or add strokes "
             "to refine.%3")
      .arg(organs)
      .arg(growth.seedCount())
      .arg(noBackground);
}

QWidget* growOptions(CaseSession&, EditController& editor) {
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* organ = new QRadioButton(QObject::tr("Seeds of the active organ"));
  organ->setObjectName("growSeedOrgan");
  auto* background = new QRadioButton(QObject::tr("Background seeds"));
  background->setObjectName("growSeedBackground");
  organ->setChecked(true);
  auto* status =
      new QLabel(QObject::tr("Paint strokes inside each organ and in the background "
                             "around them; the result is outlined after each stroke."));
  status->setObjectName("growStatus");
  status->setWordWrap(true);
  auto* apply = new QPushButton(QObject::tr("Apply"));
  apply->setObjectName("growApply");
  auto* clear = new QPushButton(QObject::tr("Clear seeds"));
  clear->setObjectName("growClear");
  auto* seedRow = new QHBoxLayout;
  seedRow->addWidget(organ);
  seedRow->addWidget(background);
  auto* buttons = new QHBoxLayout;
  buttons->addStretch(1);
  buttons->addWidget(clear);
  buttons->addWidget(apply);
  layout->addLayout(seedRow);
  layout->addWidget(status);
  layout->addLayout(buttons);
  auto& growth = editor.seedGrowth();
  QObject::connect(background, &QRadioButton::toggled, page,
                   [&growth](bool on) { growth.setPaintingBackground(on); });
  QObject::connect(apply, &QPushButton::clicked, page, [&growth] { growth.apply(); });
  QObject::connect(clear, &QPushButton::clicked, page, [&growth] { growth.clear(); });
  const QString start = status->text();
  const auto update = [&growth, status, apply, start] {
    apply->setEnabled(growth.ready() && !growth.busy());
    status->setText(growth.seedCount() == 0 ? start : growStatus(growth));
  };
  QObject::connect(&growth, &SeedGrowthSession::changed, page, update);
  QObject::connect(&growth, &SeedGrowthSession::grown, page, [&editor](double seconds) {
    editor.report(QObject::tr("Grown from seeds in %1 s").arg(seconds, 0, 'f', 2));
  });
  update();
  return page;
}

}  // namespace

/// Grow from seeds: strokes inside organs and in the background compete over the CT in 3-D.
EditToolDescriptor growTool() {
  EditToolDescriptor tool;
  tool.id = "grow";
  tool.name = QObject::tr("Grow");
  tool.menuText = QObject::tr("&Grow from seeds");
  tool.shortcut = "G";
  tool.help = QObject::tr(
      "paint seed strokes of organs and of background; they grow over the CT in 3-D (the "
      "brush radius sets the stroke width)");
  tool.outlinesBrush = true;
  tool.pointer = [](ToolContext& context, const edit::VoxelIndex& voxel, bool) {
    const auto& brush = context.editor.brush();
    auto& growth = context.editor.seedGrowth();
    growth.paint(voxel, context.viewAxis,
                 growth.paintingBackground() ? edit::SeedGrowth::kBackground : brush.label,
                 brush.radiusMm);
  };
  tool.release = [](ToolContext& context) { context.editor.seedGrowth().endStroke(); };
  tool.options = growOptions;
  return tool;
}

}  // namespace voxsiam::ui
