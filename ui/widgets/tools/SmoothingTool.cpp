#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QObject>

#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"
#include "ui/widgets/tools/EditToolDescriptor.h"
#include "ui/widgets/tools/EffectPanel.h"

namespace voxsiam::ui {

/// Smooths the active organ (median, opening, closing) or all organs at once (joint).
EditToolDescriptor smoothingTool() {
  EditToolDescriptor tool;
  tool.id = "smoothing";
  tool.name = QObject::tr("Smooth");
  tool.menuText = QObject::tr("&Smoothing");
  tool.shortcut = "Shift+S";
  tool.help = QObject::tr(
      "smooth the active organ: median, opening (cuts spikes), closing (fills notches), or all "
      "organs jointly without overlaps");
  tool.pointer = [](ToolContext& context, const edit::VoxelIndex& voxel, bool) {
    context.session.setCursor(voxel);
  };
  tool.options = [](CaseSession&, EditController& editor) -> QWidget* {
    auto* kind = new QComboBox;
    kind->setObjectName("smoothingKind");
    kind->addItem(QObject::tr("Median"), "median");
    kind->addItem(QObject::tr("Opening (remove spikes)"), "opening");
    kind->addItem(QObject::tr("Closing (fill notches, holes)"), "closing");
    kind->addItem(QObject::tr("Joint: all organs, no overlaps"), "joint");
    auto* mm = new QDoubleSpinBox;
    mm->setObjectName("smoothingMm");
    mm->setRange(0.5, 20);
    mm->setSingleStep(0.5);
    mm->setValue(2);
    mm->setSuffix(" mm");
    auto* panel = new EffectPanel(editor, "smooth", [kind, mm] {
      edit::EffectRequest request;
      request.variant = kind->currentData().toString().toStdString();
      request.mm = mm->value();
      return request;
    });
    panel->form()->addRow(QObject::tr("Method"), kind);
    panel->form()->addRow(QObject::tr("Size"), mm);
    QObject::connect(kind, qOverload<int>(&QComboBox::currentIndexChanged), panel,
                     &EffectPanel::refreshPreview);
    QObject::connect(mm, qOverload<double>(&QDoubleSpinBox::valueChanged), panel,
                     &EffectPanel::refreshPreview);
    return panel;
  };
  return tool;
}

}  // namespace voxsiam::ui
