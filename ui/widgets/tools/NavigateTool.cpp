#include <QObject>

#include "ui/model/CaseSession.h"
#include "ui/widgets/tools/EditToolDescriptor.h"

namespace voxsiam::ui {

/// Moves the cursor (and the other views) to the voxel clicked or dragged over.
EditToolDescriptor navigateTool() {
  EditToolDescriptor tool;
  tool.id = "navigate";
  tool.name = QObject::tr("Navigate");
  tool.menuText = QObject::tr("&Navigate");
  tool.shortcut = "N";
  tool.help = QObject::tr("move the cursor to the voxel clicked");
  tool.pointer = [](ToolContext& context, const edit::VoxelIndex& voxel, bool) {
    context.session.setCursor(voxel);
  };
  return tool;
}

}  // namespace voxsiam::ui
