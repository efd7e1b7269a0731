#include "tests/ui/StudioHarness.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QMouseEvent>
#include <QThread>

#include <cstdlib>
#include <filesystem>

#include "app/workflow/DemoProject.h"
#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"
#include "ui/model/SurfaceController.h"

namespace voxsiam::test {

bool waitUntil(const std::function<bool()>& done, int timeoutMs) {
  QElapsedTimer timer;
  timer.start();
  while (!done() && timer.elapsed() < timeoutMs) {
    QApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(5);
  }
  return done();
}

const std::string& demoProjectCopy(TempFolder& folder) {
  static TempFolder master;
  static const std::string source = [] {
    const std::string path = master.file("demo");
    workflow::createDemoProject(path, 4, 11);
    return path;
  }();
  static std::string copy;
  copy = folder.file("demo");
  std::filesystem::copy(source, copy, std::filesystem::copy_options::recursive);
  return copy;
}

std::unique_ptr<ui::MainWindow> openStudio(const std::string& project) {
  auto window = std::make_unique<ui::MainWindow>();
  window->setAskBeforeDiscarding(false);
  window->setAskUserName(false);
  window->setConfirmApprovals(false);
  window->resize(1400, 900);
  window->show();
  window->activateWindow();
  QApplication::setActiveWindow(window.get());
  waitUntil([&] { return window->isActiveWindow(); }, 3000);
  window->openProject(QString::fromStdString(project));
  waitUntil([&] {
    return window->session().hasCase() && !window->session().loading() &&
           !window->surfaceController().busy();
  });
  return window;
}

std::string screenshotPath(TempFolder& temp, const std::string& name) {
  const char* docs = std::getenv("VOXSIAM_DOCS_OUT");
  return docs ? std::string(docs) + "/" + name : temp.file(name);
}

void clearOrgan(ui::MainWindow& window, std::uint16_t organ) {
  const image::LabelMap labels = window.session().labels();
  window.editController().applyEdit("clear an organ", [&](edit::ChangeRecorder& recorder) {
    for (std::size_t index = 0; index < labels.voxelCount(); ++index)
      if (labels[index] == organ) recorder.set(index, 0);
  });
}

void sendMouse(QWidget& widget, QEvent::Type type, const QPointF& point, Qt::MouseButtons buttons) {
  const QPointF global = widget.mapToGlobal(point);
  QMouseEvent event(type, point, global, type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton,
                    buttons, Qt::NoModifier);
  QApplication::sendEvent(&widget, &event);
}

int countColor(const QImage& image, int r, int g, int b, int tolerance) {
  int count = 0;
  const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
  for (int y = 0; y < rgb.height(); ++y) {
    const auto* line = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
    for (int x = 0; x < rgb.width(); ++x) {
      if (std::abs(qRed(line[x]) - r) <= tolerance && std::abs(qGreen(line[x]) - g) <= tolerance &&
          std::abs(qBlue(line[x]) - b) <= tolerance)
        ++count;
    }
  }
  return count;
}

}  // namespace voxsiam::test
