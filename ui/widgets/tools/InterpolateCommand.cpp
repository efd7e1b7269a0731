#include <QObject>

#include "ui/model/EditController.h"
#include "ui/widgets/tools/EditToolDescriptor.h"

namespace voxsiam::ui {

/// Reshapes the active organ between the slices drawn or filled in 2-D (its key slices).
EditToolDescriptor interpolateCommand() {
  EditToolDescriptor tool;
  tool.id = "interpolate";
  tool.name = QObject::tr("Interpolate");
  tool.menuText = QObject::tr("&Interpolate between key slices");
  tool.shortcut = "I";
  tool.help = QObject::tr("interpolate the active organ between its key slices");
  tool.kind = ToolKind::Command;
  tool.run = [](ToolContext& context) {
    context.editor.report(context.editor.interpolate(context.viewAxis).summary);
  };
  return tool;
}

}  // namespace voxsiam::ui
