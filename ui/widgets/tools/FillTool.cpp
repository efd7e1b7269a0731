#include <QObject>

#include "ui/model/EditController.h"
#include "ui/widgets/tools/EditToolDescriptor.h"

namespace voxsiam::ui {

/// Fills the connected region clicked, inside the slice, with the active organ.
EditToolDescriptor fillTool() {
  EditToolDescriptor tool;
  tool.id = "fill";
  tool.name = QObject::tr("Fill");
  tool.menuText = QObject::tr("&Fill in slice");
  tool.shortcut = "F";
  tool.help = QObject::tr("fill the region clicked in the slice");
  tool.pointer = [](ToolContext& context, const edit::VoxelIndex& voxel, bool first) {
    if (first) context.editor.fillAt(voxel, context.viewAxis);
  };
  return tool;
}

}  // namespace voxsiam::ui
