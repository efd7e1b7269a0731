#include "tests/ui/TrainingHarness.h"

#include <gtest/gtest.h>

#include "app/studio/ProjectTrainingBackend.h"
#include "storage/Project.h"
#include "storage/repository/ModelRepository.h"
#include "tests/ui/StudioHarness.h"
#include "ui/model/CaseSession.h"
#include "ui/model/SurfaceController.h"
#include "ui/model/TrainingController.h"

namespace voxsiam::test {

std::unique_ptr<ui::MainWindow> openTrainingStudio(const std::string& project,
                                                   ui::MainWindow::ResumePolicy policy) {
  auto window = std::make_unique<ui::MainWindow>();
  window->setBackendFactory([](const QString& folder) {
    return std::make_shared<studio::ProjectTrainingBackend>(folder.toStdString());
  });
  window->setResumePolicy(policy);
  window->setAskBeforeDiscarding(false);
  window->setAskUserName(false);
  window->setConfirmApprovals(false);
  window->resize(1500, 950);
  window->show();
  window->openProject(QString::fromStdString(project));
  waitUntil([&] { return window->session().hasCase() && !window->surfaceController().busy(); });
  return window;
}

ui::TrainingRequest smokeRequest(ui::MainWindow& window, int epochs) {
  ui::TrainingRequest request;
  request.preset = "smoke";
  request.epochs = epochs;
  for (const auto& candidate : window.session().trainingCandidates())
    request.caseIds.push_back(candidate.caseId);
  return request;
}

long long trainToEnd(ui::MainWindow& window, const std::string& method, int epochs,
                     const std::function<void(int)>& onEpoch) {
  auto request = smokeRequest(window, epochs);
  request.method = method;
  request.parentModelId = window.session().project().activeModelId();
  QString state;
  auto finished = QObject::connect(&window.training(), &ui::TrainingController::runFinished,
                                   [&](const QString& s, const QString&) { state = s; });
  auto epochSeen = QObject::connect(&window.training(), &ui::TrainingController::epochReported,
                                    [&](const learn::EpochReport& e) {
                                      if (onEpoch) onEpoch(int(e.epoch));
                                    });
  window.training().start(request);
  waitUntil([&] { return !state.isEmpty(); }, 600000);
  QObject::disconnect(finished);
  QObject::disconnect(epochSeen);
  EXPECT_EQ(state, "finished");
  storage::Project db(window.session().projectFolder().toStdString());
  return storage::repository::ModelRepository(db.connection()).list().front().id;
}

}  // namespace voxsiam::test
