#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "app/studio/HelperRanks.h"
#include "app/studio/ProjectTrainingBackend.h"
#include "app/studio/ScreenshotWhenReady.h"
#include "app/workflow/DemoProject.h"
#include "app/workflow/Presets.h"
#include "core/learn/TrainingMethods.h"
#include "ui/model/CaseSession.h"
#include "ui/model/TrainingController.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/WheelGuard.h"

namespace {

/// The project to open when none was named: the most recent one that still exists, else the demo
/// project, which is made (after asking) when it does not exist yet.
QString defaultProject(QWidget* parent) {
  for (const QString& folder : QSettings().value("recentProjects").toStringList()) {
    if (QDir(folder).exists("project.sqlite")) return folder;
  }
  const QString demo =
      QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/demo-project";
  if (QDir(demo).exists("project.sqlite")) return demo;
  const auto answer = QMessageBox::question(
      parent, QObject::tr("Welcome to VoxSiam Studio"),
      QObject::tr("No project yet. Create the demo project (8 synthetic abdominal CT cases with "
                  "organ labels) in %1?")
          .arg(demo));
  if (answer != QMessageBox::Yes) return {};
  QApplication::setOverrideCursor(Qt::WaitCursor);
  try {
    voxsiam::workflow::createDemoProject(demo.toStdString(), 8, 1);
  } catch (const std::exception& error) {
    QApplication::restoreOverrideCursor();
    QMessageBox::critical(parent, QObject::tr("Cannot create the demo project"), error.what());
    return {};
  }
  QApplication::restoreOverrideCursor();
  return demo;
}

/// --train: a run on every approved case of the open project.
void startTraining(voxsiam::ui::MainWindow& window, const QCommandLineParser& parser) {
  voxsiam::ui::TrainingRequest request;
  request.preset = parser.value("train").toStdString();
  request.method = parser.value("method").toStdString();
  request.epochs = parser.value("epochs").toInt();
  for (const auto& candidate : window.session().trainingCandidates())
    request.caseIds.push_back(candidate.caseId);
  try {
    window.showTab(voxsiam::ui::MainWindow::SideTab::Training);
    window.training().start(request);
  } catch (const std::exception& error) {
    QMessageBox::critical(&window, QObject::tr("Cannot start training"), error.what());
  }
}

/// Whether a window system is there to show the studio on (Qt aborts without one).
bool displayAvailable() {
  const auto set = [](const char* name) {
    const char* value = std::getenv(name);
    return value && *value;
  };
  return set("DISPLAY") || set("WAYLAND_DISPLAY") || set("QT_QPA_PLATFORM");
}

/// True when the command line asks only for the version (answered without a display).
bool asksForVersion(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--version" || std::string(argv[i]) == "-v") return true;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  // A helper rank of a data-parallel training run the studio leads (no display needed).
  if (argc == 4 && std::string(argv[1]) == "--train-rank")
    return voxsiam::studio::runHelperRank(argv[2], argv[3]);
  if (asksForVersion(argc, argv)) {
    std::printf("VoxSiam Studio %s\n", VOXSIAM_VERSION);
    return 0;
  }
  if (!displayAvailable()) {
    std::fprintf(stderr,
                 "voxsiam-studio: no display (DISPLAY is not set); run it in a desktop session or "
                 "under xvfb-run, or use the voxsiam command line\n");
    return 1;
  }
  QApplication application(argc, argv);
  QApplication::setOrganizationName("VoxSiam");
  QApplication::setApplicationName("VoxSiam Studio");
  QApplication::setApplicationVersion(VOXSIAM_VERSION);
  QCommandLineParser parser;
  parser.setApplicationDescription("Review, correct and retrain abdominal organ segmentations.");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addOption({"project", "Project folder to open.", "DIR"});
  parser.addOption({"case", "Case to show.", "NAME"});
  parser.addOption({"screenshot", "Save the window to PNG once shown, then exit.", "PNG"});
  parser.addOption(
      {"train",
       QString::fromStdString("Start training on the approved cases with this preset (" +
                              voxsiam::workflow::presetNames() + ")."),
       "PRESET"});
  parser.addOption(
      {"method",
       QString::fromStdString("Method for --train: " + voxsiam::learn::methodNames(", ") + "."),
       "METHOD", "voxsiam"});
  parser.addOption({"epochs", "Epochs for --train (0: the preset's).", "N", "0"});
  parser.addOption({"resume", "Continue an interrupted training run without asking."});
  parser.addOption({"user", "Name recorded as author and reviewer (not asked for).", "NAME"});
  parser.process(application);
  application.installEventFilter(new voxsiam::ui::WheelGuard(&application));

  voxsiam::ui::MainWindow window;
  window.setBackendFactory([](const QString& folder) {
    return std::make_shared<voxsiam::studio::ProjectTrainingBackend>(folder.toStdString());
  });
  if (parser.isSet("resume")) window.setResumePolicy(voxsiam::ui::MainWindow::ResumePolicy::Always);
  if (parser.isSet("user")) window.setUserName(parser.value("user"));
  if (parser.isSet("screenshot")) window.setAskUserName(false);
  window.show();
  const QString project =
      parser.isSet("project") ? parser.value("project") : defaultProject(&window);
  if (!project.isEmpty() && window.openProject(project) && parser.isSet("case")) {
    window.selectCase(parser.value("case"));
  }
  if (parser.isSet("train")) startTraining(window, parser);
  if (parser.isSet("screenshot"))
    voxsiam::studio::saveScreenshotWhenReady(window, parser.value("screenshot"));
  return QApplication::exec();
}
