#include <QCheckBox>
#include <QLabel>
#include <QObject>
#include <QVBoxLayout>
#include <QWidget>

#include "ui/model/EditController.h"
#include "ui/widgets/tools/EditToolDescriptor.h"

namespace voxsiam::ui {
namespace {

const QString kDarker = "levelTrace/darker";

QWidget* levelTraceOptions(CaseSession&, EditController& editor) {
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* darker = new QCheckBox(QObject::tr("trace the darker side of the level"));
  darker->setObjectName("levelTraceDarker");
  darker->setChecked(editor.toolOption(kDarker, false).toBool());
  auto* hint = new QLabel(
      QObject::tr("Move the mouse near an organ's edge: the outline follows the CT level "
                  "there. Click to fill it with the active organ (the slice becomes a key "
                  "slice for interpolation)."));
  hint->setWordWrap(true);
  layout->addWidget(darker);
  layout->addWidget(hint);
  QObject::connect(darker, &QCheckBox::toggled, page,
                   [&editor](bool on) { editor.setToolOption(kDarker, on); });
  return page;
}

}  // namespace

/// Level tracing: the 2-D outline of the CT level under the mouse, filled on click.
EditToolDescriptor levelTraceTool() {
  EditToolDescriptor tool;
  tool.id = "level-trace";
  tool.name = QObject::tr("Level trace");
  tool.menuText = QObject::tr("&Level tracing");
  tool.shortcut = "L";
  tool.help = QObject::tr(
      "the outline follows the CT level under the mouse in the slice; click to fill it");
  tool.hover = [](ToolContext& context, const edit::VoxelIndex& voxel) {
    context.editor.previewLevelTrace(voxel, context.viewAxis,
                                     context.editor.toolOption(kDarker, false).toBool());
  };
  tool.pointer = [](ToolContext& context, const edit::VoxelIndex& voxel, bool first) {
    if (first)
      context.editor.fillLevelTrace(voxel, context.viewAxis,
                                    context.editor.toolOption(kDarker, false).toBool());
  };
  tool.options = levelTraceOptions;
  return tool;
}

}  // namespace voxsiam::ui
