#include <QButtonGroup>
#include <QLabel>
#include <QObject>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>
#include <QWidget>

#include "ui/model/EditController.h"
#include "ui/widgets/tools/EditToolDescriptor.h"

namespace voxsiam::ui {
namespace {

const QString kAction = "islands/action";

QWidget* islandsOptions(CaseSession&, EditController& editor) {
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* group = new QButtonGroup(page);
  const std::pair<edit::IslandAction, QString> choices[] = {
      {edit::IslandAction::KeepClicked, QObject::tr("Keep the clicked island")},
      {edit::IslandAction::RemoveClicked, QObject::tr("Remove the clicked island")},
      {edit::IslandAction::SplitClicked,
       QObject::tr("Move the clicked island to the active organ")},
  };
  const int chosen = editor.toolOption(kAction, 0).toInt();
  const char* names[] = {"islandsKeep", "islandsRemove", "islandsSplit"};
  for (const auto& [action, text] : choices) {
    auto* button = new QRadioButton(text);
    button->setObjectName(names[int(action)]);
    button->setChecked(int(action) == chosen);
    group->addButton(button, int(action));
    layout->addWidget(button);
  }
  auto* largest = new QPushButton(QObject::tr("Keep the largest island of the active organ"));
  largest->setObjectName("islandsKeepLargest");
  layout->addWidget(largest);
  QObject::connect(group, &QButtonGroup::idClicked, page,
                   [&editor](int id) { editor.setToolOption(kAction, id); });
  QObject::connect(largest, &QPushButton::clicked, page, [&editor] { editor.keepLargestIsland(); });
  return page;
}

}  // namespace

/// Islands: click an organ's connected piece to keep it alone, remove it, or move it to the
/// active organ.
EditToolDescriptor islandsTool() {
  EditToolDescriptor tool;
  tool.id = "islands";
  tool.name = QObject::tr("Islands");
  tool.menuText = QObject::tr("Isla&nds");
  tool.shortcut = "Shift+K";
  tool.help = QObject::tr(
      "click an organ's island (its 3-D connected piece): keep it alone, remove it, or move it "
      "to the active organ");
  tool.pointer = [](ToolContext& context, const edit::VoxelIndex& voxel, bool first) {
    if (first)
      context.editor.editIslandAt(
          voxel, edit::IslandAction(context.editor.toolOption(kAction, 0).toInt()));
  };
  tool.options = islandsOptions;
  return tool;
}

}  // namespace voxsiam::ui
