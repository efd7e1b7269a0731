#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QObject>

#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"
#include "ui/widgets/tools/EditToolDescriptor.h"
#include "ui/widgets/tools/EffectPanel.h"

namespace voxsiam::ui {

/// Grows or shrinks the active organ by a margin in mm.
EditToolDescriptor marginTool() {
  EditToolDescriptor tool;
  tool.id = "margin";
  tool.name = QObject::tr("Margin");
  tool.menuText = QObject::tr("&Margin (grow or shrink)");
  tool.shortcut = "M";
  tool.help = QObject::tr("grow (or, negative, shrink) the active organ by a margin in mm");
  tool.pointer = [](ToolContext& context, const edit::VoxelIndex& voxel, bool) {
    context.session.setCursor(voxel);
  };
  tool.options = [](CaseSession&, EditController& editor) -> QWidget* {
    auto* mm = new QDoubleSpinBox;
    mm->setObjectName("marginMm");
    mm->setRange(-50, 50);
    mm->setSingleStep(0.5);
    mm->setValue(3);
    mm->setSuffix(" mm");
    mm->setToolTip(QObject::tr("Positive: grow into background; negative: shrink"));
    auto* panel = new EffectPanel(editor, "margin", [mm] {
      edit::EffectRequest request;
      request.mm = mm->value();
      return request;
    });
    panel->form()->addRow(QObject::tr("Margin"), mm);
    QObject::connect(mm, qOverload<double>(&QDoubleSpinBox::valueChanged), panel,
                     &EffectPanel::refreshPreview);
    return panel;
  };
  return tool;
}

}  // namespace voxsiam::ui
