#include <QObject>

#include "ui/model/EditController.h"
#include "ui/widgets/tools/EditToolDescriptor.h"

namespace voxsiam::ui {

/// Paints the active organ with a disc (or sphere) of the brush radius along the stroke.
EditToolDescriptor brushTool() {
  EditToolDescriptor tool;
  tool.id = "brush";
  tool.name = QObject::tr("Brush");
  tool.menuText = QObject::tr("&Brush");
  tool.shortcut = "B";
  tool.help = QObject::tr("paint the active organ");
  tool.outlinesBrush = true;
  tool.pointer = [](ToolContext& context, const edit::VoxelIndex& voxel, bool first) {
    if (first)
      context.editor.strokeBegin(voxel, context.viewAxis);
    else
      context.editor.strokeContinue(voxel, context.viewAxis);
  };
  tool.release = [](ToolContext& context) { context.editor.strokeEnd(); };
  return tool;
}

}  // namespace voxsiam::ui
