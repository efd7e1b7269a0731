#pragma once
#include <QString>

namespace voxsiam::ui {
class MainWindow;
}

namespace voxsiam::studio {

/// --screenshot: saves `window` to `path` as PNG once it has settled (or after 2 minutes), then
/// quits the program: exit code 0 when saved without an error shown, else 1 with the error on
/// stderr. Unsaved changes and the user name are not asked for meanwhile.
void saveScreenshotWhenReady(ui::MainWindow& window, const QString& path);

}  // namespace voxsiam::studio
