#pragma once

class QWidget;

namespace voxsiam::ui {

/// Help > Keyboard shortcuts: the tool table's shortcuts, then the views' and the window's.
void showShortcutsDialog(QWidget* parent);

/// Help > About.
void showAboutDialog(QWidget* parent);

}  // namespace voxsiam::ui
