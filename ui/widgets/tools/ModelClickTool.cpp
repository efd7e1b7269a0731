#include <QLabel>
#include <QObject>
#include <QVBoxLayout>
#include <QWidget>

#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"
#include "ui/model/ModelAssist.h"
#include "ui/widgets/tools/EditToolDescriptor.h"

namespace voxsiam::ui {
namespace {

constexpr const char* kId = "model-click";

QWidget* modelClickOptions(CaseSession& session, EditController& editor) {
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* status =
      new QLabel(QObject::tr("Click inside an organ: the active model's region of "
                             "it, connected to the click, is painted."));
  status->setObjectName("modelClickStatus");
  status->setWordWrap(true);
  layout->addWidget(status);
  auto& assist = editor.modelAssist();
  QObject::connect(&assist, &ModelAssist::changed, status, [&assist, status] {
    if (!assist.status().isEmpty()) status->setText(assist.status());
  });
  const auto prepareWhenChosen = [&editor, &assist] {
    if (editor.tool() == kId) assist.prepare();
  };
  QObject::connect(&editor, &EditController::toolChanged, page, prepareWhenChosen);
  QObject::connect(&session, &CaseSession::caseLoaded, page, prepareWhenChosen);
  QObject::connect(&session, &CaseSession::activeModelChanged, page, prepareWhenChosen);
  return page;
}

}  // namespace

/// Model-assisted click: a click inside an organ takes the active model's region of it.
EditToolDescriptor modelClickTool() {
  EditToolDescriptor tool;
  tool.id = kId;
  tool.name = QObject::tr("Model click");
  tool.menuText = QObject::tr("&Model-assisted click");
  tool.shortcut = "Shift+M";
  tool.help = QObject::tr(
      "click an organ: the active model's region of it connected to the click is painted; "
      "Shift+click removes it (the model segments each case once, on a worker thread)");
  tool.takesShiftClick = true;
  tool.pointer = [](ToolContext& context, const edit::VoxelIndex& voxel, bool first) {
    if (first) context.editor.modelAssist().clickAt(voxel, context.shift);
  };
  tool.options = modelClickOptions;
  return tool;
}

}  // namespace voxsiam::ui
