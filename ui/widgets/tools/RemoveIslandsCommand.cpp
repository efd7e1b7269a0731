#include <QObject>

#include "ui/model/EditController.h"
#include "ui/widgets/tools/EditToolDescriptor.h"

namespace voxsiam::ui {

/// Removes the active organ's connected pieces smaller than the island size.
EditToolDescriptor removeIslandsCommand() {
  EditToolDescriptor tool;
  tool.id = "remove-islands";
  tool.name = QObject::tr("Remove islands");
  tool.menuText = QObject::tr("Remove small &islands");
  tool.shortcut = "Shift+I";
  tool.help = QObject::tr("remove small islands of the active organ");
  tool.kind = ToolKind::Command;
  tool.run = [](ToolContext& context) {
    context.editor.report(QObject::tr("Removed %1 voxels").arg(context.editor.removeIslands()));
  };
  return tool;
}

}  // namespace voxsiam::ui
