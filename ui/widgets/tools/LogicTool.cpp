#include <QComboBox>
#include <QFormLayout>
#include <QObject>

#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"
#include "ui/widgets/tools/EditToolDescriptor.h"
#include "ui/widgets/tools/EffectPanel.h"

namespace voxsiam::ui {
namespace {

void fillOrgans(QComboBox* box, CaseSession& session) {
  box->clear();
  if (!session.hasProject()) return;
  for (const auto& entry : session.scheme().entries())
    box->addItem(QString::fromStdString(entry.name), int(entry.id));
}

}  // namespace

/// Combines the active organ with another: copy, add, subtract, intersect.
EditToolDescriptor logicTool() {
  EditToolDescriptor tool;
  tool.id = "logic";
  tool.name = QObject::tr("Logic");
  tool.menuText = QObject::tr("&Logical operations");
  tool.shortcut = "Shift+L";
  tool.help = QObject::tr(
      "combine the active organ with another: copy it, add it, subtract it, intersect with it");
  tool.pointer = [](ToolContext& context, const edit::VoxelIndex& voxel, bool) {
    context.session.setCursor(voxel);
  };
  tool.options = [](CaseSession& session, EditController& editor) -> QWidget* {
    auto* operation = new QComboBox;
    operation->setObjectName("logicOperation");
    operation->addItem(QObject::tr("Add the other organ"), "add");
    operation->addItem(QObject::tr("Subtract the other organ"), "subtract");
    operation->addItem(QObject::tr("Intersect with the other organ"), "intersect");
    operation->addItem(QObject::tr("Copy the other organ"), "copy");
    auto* source = new QComboBox;
    source->setObjectName("logicSource");
    fillOrgans(source, session);
    QObject::connect(&session, &CaseSession::projectOpened, source,
                     [source, &session] { fillOrgans(source, session); });
    auto* panel = new EffectPanel(editor, "logic", [operation, source] {
      edit::EffectRequest request;
      request.variant = operation->currentData().toString().toStdString();
      request.source = std::uint16_t(source->currentData().toInt());
      return request;
    });
    // The other organ is never the active one by default: pick the next organ of the list.
    const auto avoidActive = [source, &editor] {
      const int active = source->findData(int(editor.brush().label));
      if (active >= 0 && source->currentIndex() == active && source->count() > 1)
        source->setCurrentIndex((active + 1) % source->count());
    };
    QObject::connect(&editor, &EditController::settingsChanged, source, avoidActive);
    QObject::connect(&session, &CaseSession::projectOpened, source, avoidActive);
    avoidActive();
    panel->form()->addRow(QObject::tr("Operation"), operation);
    panel->form()->addRow(QObject::tr("Other organ"), source);
    for (auto* box : {operation, source})
      QObject::connect(box, qOverload<int>(&QComboBox::currentIndexChanged), panel,
                       &EffectPanel::refreshPreview);
    return panel;
  };
  return tool;
}

}  // namespace voxsiam::ui
