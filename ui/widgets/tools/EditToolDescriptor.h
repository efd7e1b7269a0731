#pragma once
#include <QString>

#include <functional>
#include <string>
#include <vector>

#include "core/edit/EditTools.h"

class QWidget;

namespace voxsiam::ui {

class CaseSession;
class EditController;

/// What a tool acts on when it is used.
struct ToolContext {
  CaseSession& session;
  EditController& editor;
  int viewAxis;  ///< image axis normal to the slice view it acts in (commands: the first view)
  bool shift = false;  ///< Shift was held (tools with takesShiftClick only)
};

/// How a tool is used.
enum class ToolKind {
  Pointer,  ///< the left mouse button in the slice views: press, drag, release
  Command,  ///< runs once, from the Tools menu or its shortcut
};

/// One entry of the tool table: everything the main window's menu, the tool panel, the slice
/// views and the shortcuts dialog need to offer a tool. A tool is its own file in
/// ui/widgets/tools defining `EditToolDescriptor someTool()` (its algorithm in core/edit, reached
/// through EditController) plus one line in Tools.def.
struct EditToolDescriptor {
  std::string id;    ///< stable name, held by EditController::tool(): "brush"
  QString name;      ///< button text: "Brush"
  QString menuText;  ///< Tools menu entry: "&Brush"
  QString shortcut;  ///< key sequence text: "B", "Shift+I"
  QString help;      ///< what it does, for the shortcuts dialog
  ToolKind kind = ToolKind::Pointer;
  bool outlinesBrush = false;    ///< slice views draw the brush outline under the cursor
  bool erases = false;           ///< drawn in the eraser's colour
  bool takesShiftClick = false;  ///< Shift+left goes to the tool instead of window/level
  /// Pointer tools: the voxel under the mouse; `first` on the press, false while dragging.
  std::function<void(ToolContext&, const edit::VoxelIndex&, bool first)> pointer;
  /// Pointer tools: the mouse moved over `voxel` with no button held (may be empty).
  std::function<void(ToolContext&, const edit::VoxelIndex&)> hover;
  /// Pointer tools: the left button was released (may be empty).
  std::function<void(ToolContext&)> release;
  /// Commands: what the menu entry does.
  std::function<void(ToolContext&)> run;
  /// The tool's own settings shown in the tool panel while it is chosen (may be empty).
  std::function<QWidget*(CaseSession&, EditController&)> options;
};

/// Every tool of Tools.def, in its order (the order of buttons and menu entries).
const std::vector<EditToolDescriptor>& editTools();

/// The tool with `id`, or nullptr.
const EditToolDescriptor* findEditTool(const std::string& id);

}  // namespace voxsiam::ui
