#include <QObject>

#include "ui/model/EditController.h"
#include "ui/widgets/tools/EditToolDescriptor.h"

namespace voxsiam::ui {

/// Gives the connected 3-D region of the organ clicked the active organ's label.
EditToolDescriptor relabelTool() {
  EditToolDescriptor tool;
  tool.id = "relabel";
  tool.name = QObject::tr("Relabel");
  tool.menuText = QObject::tr("&Relabel region");
  tool.shortcut = "R";
  tool.help = QObject::tr("give the region clicked the active organ");
  tool.pointer = [](ToolContext& context, const edit::VoxelIndex& voxel, bool first) {
    if (first) context.editor.relabelAt(voxel);
  };
  return tool;
}

}  // namespace voxsiam::ui
