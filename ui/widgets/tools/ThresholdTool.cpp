#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QObject>

#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"
#include "ui/widgets/tools/EditToolDescriptor.h"
#include "ui/widgets/tools/EffectPanel.h"

namespace voxsiam::ui {

/// Paints the active organ on the voxels within an HU range, in the axial slice of the cursor or
/// in the whole volume, with a live preview.
EditToolDescriptor thresholdTool() {
  EditToolDescriptor tool;
  tool.id = "threshold";
  tool.name = QObject::tr("Threshold");
  tool.menuText = QObject::tr("&Threshold");
  tool.shortcut = "T";
  tool.help = QObject::tr(
      "paint the active organ where the CT lies within an HU range (the cursor's axial slice or "
      "the volume); click to move the cursor");
  tool.pointer = [](ToolContext& context, const edit::VoxelIndex& voxel, bool) {
    context.session.setCursor(voxel);
  };
  tool.options = [](CaseSession& session, EditController& editor) -> QWidget* {
    auto* low = new QDoubleSpinBox;
    auto* high = new QDoubleSpinBox;
    low->setObjectName("thresholdMinimum");
    high->setObjectName("thresholdMaximum");
    for (auto* spin : {low, high}) {
      spin->setRange(-1024, 3071);
      spin->setSuffix(" HU");
      spin->setSingleStep(5);
    }
    low->setValue(40);
    high->setValue(150);
    auto* sliceOnly = new QCheckBox(QObject::tr("only the cursor's axial slice"));
    sliceOnly->setObjectName("thresholdSliceOnly");
    sliceOnly->setChecked(true);
    auto* range = new QHBoxLayout;
    range->addWidget(low);
    range->addWidget(high);
    auto* panel = new EffectPanel(editor, "threshold", [low, high, sliceOnly, &session] {
      edit::EffectRequest request;
      request.range = edit::IntensityRange{float(std::min(low->value(), high->value())),
                                           float(std::max(low->value(), high->value()))};
      if (sliceOnly->isChecked() && session.hasCase())
        request.slice = edit::SliceSelection{2, session.cursor()[2]};
      return request;
    });
    panel->form()->addRow(QObject::tr("Range"), range);
    panel->form()->addRow(sliceOnly);
    for (auto* spin : {low, high})
      QObject::connect(spin, qOverload<double>(&QDoubleSpinBox::valueChanged), panel,
                       &EffectPanel::refreshPreview);
    QObject::connect(sliceOnly, &QCheckBox::toggled, panel, &EffectPanel::refreshPreview);
    QObject::connect(&session, &CaseSession::cursorChanged, panel, [panel, sliceOnly] {
      if (sliceOnly->isChecked()) panel->refreshPreview();
    });
    return panel;
  };
  return tool;
}

}  // namespace voxsiam::ui
