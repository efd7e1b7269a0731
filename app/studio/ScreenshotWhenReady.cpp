#include "app/studio/ScreenshotWhenReady.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>

#include "ui/widgets/MainWindow.h"
#include "ui/widgets/MessageArea.h"

namespace voxsiam::studio {

void saveScreenshotWhenReady(ui::MainWindow& window, const QString& path) {
  window.setAskBeforeDiscarding(false);
  window.setAskUserName(false);
  auto* poll = new QTimer(&window);
  QElapsedTimer elapsed;
  elapsed.start();
  QObject::connect(poll, &QTimer::timeout, &window, [&window, poll, elapsed, path] {
    if (!window.settled() && elapsed.elapsed() < 120000) return;
    poll->stop();
    QApplication::processEvents();
    const bool saved = window.grab().save(path);
    if (window.errorsShown() > 0)
      std::fprintf(stderr, "voxsiam-studio: %s\n",
                   qPrintable(window.messages().text().section("  ", 1)));
    QApplication::exit(saved && window.errorsShown() == 0 ? 0 : 1);
  });
  poll->start(200);
}

}  // namespace voxsiam::studio
