#include "ui/widgets/HelpDialogs.h"

#include <QMessageBox>
#include <QObject>

#include "ui/widgets/tools/EditToolDescriptor.h"

namespace voxsiam::ui {

void showShortcutsDialog(QWidget* parent) {
  QString html = "<table cellspacing=6>";
  for (const auto& tool : editTools())
    html += QString("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(tool.shortcut, tool.help);
  const char* rows[][2] = {
      {"[ and ]", "smaller and larger brush"},
      {"Ctrl+Z / Ctrl+Shift+Z", "undo / redo"},
      {"Ctrl+S", "save the labels as a new version"},
      {"Wheel, Up/Down, Page Up/Down", "next slice"},
      {"Ctrl+wheel, right drag", "zoom"},
      {"Middle drag", "pan"},
      {"Shift+left drag", "window and level"},
      {"Double click a view", "show that view alone; double click again for all four"},
      {"Ctrl+R", "reset the slice views"},
      {"Ctrl+T", "feature space (t-SNE)"},
      {"Ctrl+I", "import cases"},
      {"Ctrl+O / Ctrl+N", "open / new project"},
      {"Home (3-D view)", "turn the 3-D view back to the front"},
      {"Up / Down in the case list", "previous / next case"}};
  for (const auto& row : rows)
    html += QString("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(row[0], QObject::tr(row[1]));
  html += "</table>";
  auto* box = new QMessageBox(QMessageBox::NoIcon, QObject::tr("Keyboard shortcuts"), html,
                              QMessageBox::Close, parent);
  box->setObjectName("shortcutsDialog");
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->show();
}

void showAboutDialog(QWidget* parent) {
  QMessageBox::about(
      parent, QObject::tr("About VoxSiam Studio"),
      QObject::tr(
          "<b>VoxSiam Studio</b><p>Review and correct abdominal organ segmentations of CT, retrain "
          "a 3-D U-Net with the voxel-level Siamese representation loss on this computer, and "
          "explore the learned voxel features as t-SNE plots.</p><p>Built with Qt %1, VTK, ITK, "
          "LibTorch and SQLite.</p>")
          .arg(QT_VERSION_STR));
}

}  // namespace voxsiam::ui
