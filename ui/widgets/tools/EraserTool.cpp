#include <QObject>

#include "ui/model/EditController.h"
#include "ui/widgets/tools/EditToolDescriptor.h"

namespace voxsiam::ui {

/// Clears the voxels of the active organ under a disc (or sphere) of the brush radius.
EditToolDescriptor eraserTool() {
  EditToolDescriptor tool;
  tool.id = "eraser";
  tool.name = QObject::tr("Eraser");
  tool.menuText = QObject::tr("&Eraser");
  tool.shortcut = "E";
  tool.help = QObject::tr("erase the active organ");
  tool.outlinesBrush = true;
  tool.erases = true;
  tool.pointer = [](ToolContext& context, const edit::VoxelIndex& voxel, bool first) {
    if (first)
      context.editor.strokeBegin(voxel, context.viewAxis, true);
    else
      context.editor.strokeContinue(voxel, context.viewAxis);
  };
  tool.release = [](ToolContext& context) { context.editor.strokeEnd(); };
  return tool;
}

}  // namespace voxsiam::ui
