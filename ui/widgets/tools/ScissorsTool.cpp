#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QObject>
#include <QWidget>

#include <cmath>

#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"
#include "ui/model/SliceSketch.h"
#include "ui/widgets/tools/EditToolDescriptor.h"

namespace voxsiam::ui {
namespace {

const QString kAction = "scissors/action";
const QString kAllOrgans = "scissors/allOrgans";
const QString kSlabMm = "scissors/slabMm";

QWidget* scissorsOptions(CaseSession&, EditController& editor) {
  auto* page = new QWidget;
  auto* form = new QFormLayout(page);
  form->setContentsMargins(0, 0, 0, 0);
  auto* action = new QComboBox;
  action->setObjectName("scissorsAction");
  action->addItem(QObject::tr("Erase inside"), int(edit::ScissorsAction::EraseInside));
  action->addItem(QObject::tr("Erase outside"), int(edit::ScissorsAction::EraseOutside));
  action->addItem(QObject::tr("Fill inside"), int(edit::ScissorsAction::FillInside));
  action->setCurrentIndex(action->findData(editor.toolOption(kAction, 0)));
  auto* allOrgans = new QCheckBox(QObject::tr("erase every organ, not only the active one"));
  allOrgans->setObjectName("scissorsAllOrgans");
  allOrgans->setChecked(editor.toolOption(kAllOrgans, false).toBool());
  auto* slab = new QDoubleSpinBox;
  slab->setObjectName("scissorsSlab");
  slab->setRange(0, 1000);
  slab->setSuffix(" mm");
  slab->setSpecialValueText(QObject::tr("whole volume"));
  slab->setValue(editor.toolOption(kSlabMm, 0.0).toDouble());
  auto* hint =
      new QLabel(QObject::tr("Drag an outline in any view; on release it cuts through "
                             "the volume along the view's axis."));
  hint->setWordWrap(true);
  form->addRow(QObject::tr("Action"), action);
  form->addRow(allOrgans);
  form->addRow(QObject::tr("Thickness"), slab);
  form->addRow(hint);
  QObject::connect(action, qOverload<int>(&QComboBox::currentIndexChanged), page,
                   [&editor, action, allOrgans] {
                     editor.setToolOption(kAction, action->currentData());
                     allOrgans->setVisible(action->currentData().toInt() !=
                                           int(edit::ScissorsAction::FillInside));
                   });
  QObject::connect(allOrgans, &QCheckBox::toggled, page,
                   [&editor](bool on) { editor.setToolOption(kAllOrgans, on); });
  QObject::connect(slab, qOverload<double>(&QDoubleSpinBox::valueChanged), page,
                   [&editor](double mm) { editor.setToolOption(kSlabMm, mm); });
  return page;
}

/// The request the options ask for; a thickness sets a slab centred on the outline's slice.
edit::ScissorsRequest scissorsRequest(ToolContext& context) {
  edit::ScissorsRequest request;
  request.action = edit::ScissorsAction(context.editor.toolOption(kAction, 0).toInt());
  const double mm = context.editor.toolOption(kSlabMm, 0.0).toDouble();
  if (mm > 0 && context.session.hasCase()) {
    const auto& sketch = context.editor.sketch();
    const double spacing = context.session.caseData().image.geometry().spacing[sketch.axis()];
    const std::size_t half = std::size_t(std::max(0.0, std::round(mm / spacing / 2 - 0.5)));
    const std::size_t centre = sketch.slice();
    request.slab = std::array<std::size_t, 2>{centre > half ? centre - half : 0, centre + half};
  }
  return request;
}

}  // namespace

/// Scissors: an outline drawn in a view cuts through the volume along the view's axis.
EditToolDescriptor scissorsTool() {
  EditToolDescriptor tool;
  tool.id = "scissors";
  tool.name = QObject::tr("Scissors");
  tool.menuText = QObject::tr("&Scissors");
  tool.shortcut = "X";
  tool.help = QObject::tr(
      "drag an outline: erase inside or outside it, or fill it, through the volume along the "
      "view's axis (or a slab of the set thickness)");
  tool.erases = true;
  tool.pointer = [](ToolContext& context, const edit::VoxelIndex& voxel, bool first) {
    auto& sketch = context.editor.sketch();
    if (first) {
      sketch.begin(voxel, context.viewAxis);
    } else {
      sketch.extend(voxel);
    }
  };
  tool.release = [](ToolContext& context) {
    context.editor.cutWithSketch(scissorsRequest(context),
                                 context.editor.toolOption(kAllOrgans, false).toBool());
  };
  tool.options = scissorsOptions;
  return tool;
}

}  // namespace voxsiam::ui
