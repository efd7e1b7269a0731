#pragma once
#include <QEvent>
#include <QImage>
#include <QPointF>

#include <functional>
#include <memory>
#include <string>

#include "tests/support/TestData.h"
#include "ui/widgets/MainWindow.h"

namespace voxsiam::test {

/// Runs the Qt event loop until `done()` holds or `timeoutMs` passes; returns `done()`.
bool waitUntil(const std::function<bool()>& done, int timeoutMs = 60000);

/// A demo project (4 phantom cases) in a temporary folder, made once per test program.
const std::string& demoProjectCopy(TempFolder& folder);

/// A shown main window on a project, with its first case loaded and surfaces built.
std::unique_ptr<ui::MainWindow> openStudio(const std::string& project);

/// Where a screenshot called `name` goes: $VOXSIAM_DOCS_OUT (to refresh the README's pictures)
/// or the temporary folder.
std::string screenshotPath(TempFolder& temp, const std::string& name);

/// Sets every voxel of `organ` in the shown labels to background, as one undo step.
void clearOrgan(ui::MainWindow& window, std::uint16_t organ);

/// Sends a left-button mouse event of `type` at `point` (widget pixels) with `buttons` held.
void sendMouse(QWidget& widget, QEvent::Type type, const QPointF& point, Qt::MouseButtons buttons);

/// Number of pixels of `image` within `tolerance` of colour (r, g, b) in every channel.
int countColor(const QImage& image, int r, int g, int b, int tolerance);

}  // namespace voxsiam::test
