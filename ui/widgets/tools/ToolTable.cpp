#include "ui/widgets/tools/EditToolDescriptor.h"

namespace voxsiam::ui {

#define VOXSIAM_TOOL(function) EditToolDescriptor function();
#include "ui/widgets/tools/Tools.def"
#undef VOXSIAM_TOOL

const std::vector<EditToolDescriptor>& editTools() {
  static const std::vector<EditToolDescriptor> tools{
#define VOXSIAM_TOOL(function) function(),
#include "ui/widgets/tools/Tools.def"
#undef VOXSIAM_TOOL
  };
  return tools;
}

const EditToolDescriptor* findEditTool(const std::string& id) {
  for (const auto& tool : editTools())
    if (tool.id == id) return &tool;
  return nullptr;
}

}  // namespace voxsiam::ui
