#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QMouseEvent>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "app/studio/ProjectTrainingBackend.h"
#include "core/learn/TrainingMethods.h"
#include "storage/Project.h"
#include "storage/repository/AuditLog.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "storage/repository/ModelRepository.h"
#include "storage/repository/TrainingRunRepository.h"
#include "storage/sql/Statement.h"
#include "tests/ui/StudioHarness.h"
#include "tests/ui/TrainingHarness.h"
#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"
#include "ui/model/SurfaceController.h"
#include "ui/model/TrainingController.h"
#include "ui/widgets/EmbeddingPanel.h"
#include "ui/widgets/ModelsPanel.h"
#include "ui/widgets/ScatterPlotWidget.h"
#include "ui/widgets/SliceView.h"
#include "ui/widgets/TrainingPanel.h"

namespace voxsiam::test {
namespace {

TEST(StudioTrainingE2e, TrainCancelResumeFinishPredictAcceptApprove) {
  TempFolder temp;
  const std::string project = demoProjectCopy(temp);
  auto window = openTrainingStudio(project, ui::MainWindow::ResumePolicy::Never);
  auto& training = window->training();
  ASSERT_TRUE(training.available());
  int steps = 0, epochs = 0, lastEpoch = -1;
  QString finishedState;
  QObject::connect(&training, &ui::TrainingController::stepReported,
                   [&](const learn::StepReport&) { ++steps; });
  QObject::connect(
      &training, &ui::TrainingController::epochReported,
      [&](const learn::EpochReport& epoch) { ++epochs, lastEpoch = int(epoch.epoch); });
  QObject::connect(&training, &ui::TrainingController::runFinished,
                   [&](const QString& state, const QString&) { finishedState = state; });

  // Start, see progress and chart points, measure event-loop latency, then cancel.
  const long long runId = training.start(smokeRequest(*window, 6));
  ASSERT_GT(runId, 0);
  double worstLatencyMs = 0;
  QElapsedTimer clock;
  clock.start();
  qint64 last = clock.elapsed();
  QTimer tick;
  QObject::connect(&tick, &QTimer::timeout, [&] {
    worstLatencyMs = std::max(worstLatencyMs, double(clock.elapsed() - last) - 10.0);
    last = clock.elapsed();
  });
  tick.start(10);
  ASSERT_TRUE(waitUntil([&] { return epochs >= 2; }, 300000)) << "no epochs reported";
  tick.stop();
  EXPECT_GT(steps, 3);
  EXPECT_GT(window->trainingPanel().lossPoints(), 3);
  EXPECT_LT(worstLatencyMs, 50.0) << "the UI stalled during training";
  training.cancel();
  ASSERT_TRUE(waitUntil([&] { return !finishedState.isEmpty(); }, 120000));
  EXPECT_EQ(finishedState, "cancelled");
  const int cancelledAt = lastEpoch;

  // Resume continues after the last checkpoint and finishes with a registered model.
  finishedState.clear();
  lastEpoch = -1;
  int firstResumedEpoch = -1;
  QObject::connect(&training, &ui::TrainingController::epochReported,
                   [&](const learn::EpochReport& epoch) {
                     if (firstResumedEpoch < 0) firstResumedEpoch = int(epoch.epoch);
                   });
  QApplication::processEvents();
  auto* resume = window->findChild<QAbstractButton*>("trainingResume");
  ASSERT_NE(resume, nullptr);
  ASSERT_TRUE(resume->isEnabled());
  resume->click();
  ASSERT_TRUE(waitUntil([&] { return !finishedState.isEmpty(); }, 300000));
  EXPECT_EQ(finishedState, "finished");
  EXPECT_GT(firstResumedEpoch, 0);
  EXPECT_LE(firstResumedEpoch, cancelledAt + 1);

  // Predict the shown case with the (active) new model; take one organ from it; approve.
  storage::Project db(project);
  const auto models = storage::repository::ModelRepository(db.connection()).list();
  ASSERT_EQ(models.size(), 1u);
  EXPECT_EQ(db.activeModelId(), models[0].id);
  const long long caseId = window->session().caseData().caseId;
  long long predicted = 0;
  QObject::connect(&training, &ui::TrainingController::casePredicted,
                   [&](long long, long long version, const QString&) { predicted = version; });
  training.predict(models[0].id, {caseId});
  ASSERT_TRUE(waitUntil([&] { return predicted != 0 && !training.predicting(); }, 120000));
  QApplication::processEvents();
  const auto suggestion = window->session().modelSuggestion();
  ASSERT_TRUE(suggestion);
  EXPECT_EQ(suggestion->id, predicted);
  const image::LabelMap prediction = window->session().versionLabels(predicted);
  window->editController().takeOrgan(prediction, 5);
  for (std::size_t v = 0; v < prediction.voxelCount(); ++v) {
    if ((prediction[v] == 5) != (window->session().labels()[v] == 5)) {
      ADD_FAILURE() << "liver differs from the model's at voxel " << v;
      break;
    }
  }
  window->findChild<QAbstractButton*>("review_approved")->click();

  storage::repository::LabelVersionRepository versions(db.connection());
  const auto history = versions.forCase(caseId);
  ASSERT_GE(history.size(), 3u);
  const auto& draft = history[history.size() - 2];
  EXPECT_EQ(draft.id, predicted);
  EXPECT_EQ(draft.source, storage::LabelSource::Model);
  EXPECT_EQ(draft.modelId, models[0].id);
  EXPECT_EQ(draft.status, storage::ReviewStatus::Draft);
  EXPECT_EQ(history.back().status, storage::ReviewStatus::Approved);
  const auto run = storage::repository::TrainingRunRepository(db.connection()).get(runId);
  EXPECT_EQ(run.state, storage::RunState::Finished);
  EXPECT_GE(storage::repository::TrainingRunRepository(db.connection()).epochs(runId).size(), 6u);
  const auto audit = storage::repository::AuditLog(db.connection()).entries(caseId);
  EXPECT_EQ(audit.back().action, "label.status");
  EXPECT_EQ(audit.back().detail, "draft -> approved");

  // Scores: the model's prediction against the approved labels, exported as CSV.
  window->modelsPanel().evaluate(models[0].id);
  ASSERT_TRUE(waitUntil([&] { return window->modelsPanel().scoreRows() > 0; }, 60000));
  ASSERT_TRUE(window->modelsPanel().exportCsv(QString::fromStdString(temp.file("scores.csv"))));
  std::ifstream csv(temp.file("scores.csv"));
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header, "case,organ,version,source,dice,hd95,assd");
}

TEST(StudioTrainingE2e, ComparesTwoModelsCaseByCaseAndOrganByOrgan) {
  TempFolder temp;
  const std::string project = demoProjectCopy(temp);
  auto window = openTrainingStudio(project, ui::MainWindow::ResumePolicy::Never);
  window->resize(1700, 1000);
  const long long diceModel = trainToEnd(*window, "dice", 8);
  EXPECT_NE(window->trainingPanel().chartTitle(2).indexOf("Dice only"), -1)
      << window->trainingPanel().chartTitle(2).toStdString();
  EXPECT_EQ(window->trainingPanel().featureLossPoints(), 0);
  const auto offered = window->trainingPanel().methodChoices();
  ASSERT_EQ(offered.size(), learn::trainingMethods().size());
  for (std::size_t index = 0; index < offered.size(); ++index) {
    EXPECT_EQ(offered[index].name, learn::trainingMethods()[index].name);
    EXPECT_EQ(offered[index].title, learn::trainingMethods()[index].title);
  }
  window->showTab(ui::MainWindow::SideTab::Training);
  bool shot = false;
  const long long siameseModel = trainToEnd(*window, "voxsiam", 10, [&](int epoch) {
    if (epoch == 6 && !shot) {
      QApplication::processEvents();
      shot =
          window->grab().save(QString::fromStdString(screenshotPath(temp, "studio-training.png")));
    }
  });
  EXPECT_TRUE(shot);
  EXPECT_GT(window->trainingPanel().validationPoints(), 5);
  EXPECT_GT(window->trainingPanel().featureLossPoints(), 0)
      << "the voxel-Siamese loss is negative and is still charted";
  EXPECT_GT(window->trainingPanel().gradientRatioPoints(), 0)
      << "the feature / Dice gradient ratio is charted for voxel-Siamese";
  EXPECT_EQ(window->trainingPanel().chartTitle(3).indexOf("no feature"), -1);
  storage::Project db(project);
  EXPECT_EQ(storage::repository::ModelRepository(db.connection()).get(siameseModel).parentId,
            diceModel);

  std::vector<long long> cases;
  for (const auto& summary : storage::repository::CaseRepository(db.connection()).list())
    cases.push_back(summary.id);
  for (const long long model : {diceModel, siameseModel}) {
    window->training().predict(model, cases);
    waitUntil([&] { return !window->training().predicting(); }, 300000);
    QApplication::processEvents();
  }
  window->modelsPanel().refresh();
  {
    storage::sql::Statement organs(
        db.connection(), "SELECT COUNT(*) FROM case_metrics WHERE organ NOT BETWEEN 1 AND 8");
    organs.step();
    EXPECT_EQ(organs.integer(0), 0) << "metrics stored for organs outside the scheme";
  }
  ASSERT_TRUE(window->session().hasCase());
  EXPECT_EQ(window->session().caseData().version->status, storage::ReviewStatus::Approved)
      << "after predicting every case the shown case must still show its approved labels";
  window->modelsPanel().showComparison(siameseModel, diceModel);
  const int approvedCases = int(window->session().trainingCandidates().size());
  EXPECT_EQ(window->modelsPanel().scoreRows(), approvedCases * 8);
  auto* summary = window->findChild<QTableWidget*>("comparisonSummary");
  ASSERT_NE(summary, nullptr);
  EXPECT_GE(summary->rowCount(), 8) << "one summary row per organ and case role";
  ASSERT_NE(summary->item(0, 3), nullptr);
  EXPECT_NE(summary->item(0, 3)->text().indexOf(QString::fromUtf8("\u00b1")), -1);
  window->showTab(ui::MainWindow::SideTab::Models);
  QApplication::processEvents();
  EXPECT_TRUE(
      window->grab().save(QString::fromStdString(screenshotPath(temp, "studio-models.png"))));
}

void sendMouse(QWidget& widget, QEvent::Type type, const QPointF& point, Qt::MouseButton button,
               Qt::MouseButtons buttons) {
  QMouseEvent event(type, point, widget.mapToGlobal(point), button, buttons, Qt::NoModifier);
  QApplication::sendEvent(&widget, &event);
}

TEST(StudioFeatureSpace, TwoModelsSideBySideAndAClickMovesTheViewsToTheVoxel) {
  TempFolder temp;
  const std::string project = demoProjectCopy(temp);
  auto window = openTrainingStudio(project, ui::MainWindow::ResumePolicy::Never);
  window->resize(1700, 1100);
  trainToEnd(*window, "dice", 6);
  trainToEnd(*window, "voxsiam", 6);
  window->showFeatureSpace(true);
  auto& panel = window->embeddingPanel();
  panel.refreshModels();
  auto* modelB = panel.findChildren<QComboBox*>().at(1);
  modelB->setCurrentIndex(2);  // the second model next to the first
  panel.findChild<QSpinBox*>()->setValue(25);
  panel.compute();
  const bool done = waitUntil(
      [&] {
        return panel.plot(0).data().points.size() > 0 && panel.plot(1).data().points.size() > 0;
      },
      300000);
  ASSERT_TRUE(done) << "no embedding arrived";
  const auto& a = panel.plot(0).data().points;
  const auto& b = panel.plot(1).data().points;
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].caseId, b[i].caseId);
    ASSERT_EQ(a[i].voxel, b[i].voxel) << "the two models must show the same voxels";
  }
  EXPECT_GT(panel.plot(0).data().knnAccuracy, 0.0);
  QApplication::processEvents();
  EXPECT_TRUE(
      window->grab().save(QString::fromStdString(screenshotPath(temp, "studio-embeddings.png"))));

  // Click a point of a case that is not shown: the case opens with the crosshair on the voxel.
  const long long shown = window->session().caseData().caseId;
  std::size_t target = 0;
  while (target < a.size() && a[target].caseId == shown) ++target;
  ASSERT_LT(target, a.size());
  {
    const QPointF at = panel.plot(0).screenOf(target);
    ASSERT_EQ(panel.plot(0).pointAt(at, 0.5) >= 0, true);
    const int hit = panel.plot(0).pointAt(at, 0.5);
    sendMouse(panel.plot(0), QEvent::MouseButtonPress, at, Qt::LeftButton, Qt::LeftButton);
    sendMouse(panel.plot(0), QEvent::MouseButtonRelease, at, Qt::LeftButton, Qt::NoButton);
    const auto& point = a[std::size_t(hit)];
    ASSERT_TRUE(waitUntil(
        [&] {
          return window->session().hasCase() &&
                 window->session().caseData().caseId == point.caseId &&
                 !window->session().loading();
        },
        60000));
    EXPECT_EQ(window->session().cursor(), point.voxel);
    EXPECT_EQ(window->session().labels().at(point.voxel[0], point.voxel[1], point.voxel[2]),
              point.organ)
        << "the point's voxel carries its organ";
    const auto& axial = window->sliceView(0);
    EXPECT_EQ(axial.slice(), point.voxel[axial.frame().normalAxis]);
  }

  // A lasso around the whole plot marks the shown case's voxels in the views.
  const QRectF area = panel.plot(0).rect();
  sendMouse(panel.plot(0), QEvent::MouseButtonPress, area.topLeft() + QPointF(2, 2),
            Qt::RightButton, Qt::RightButton);
  for (const QPointF corner :
       {area.topRight() + QPointF(-2, 2), area.bottomRight() + QPointF(-2, -2),
        area.bottomLeft() + QPointF(2, -2)})
    sendMouse(panel.plot(0), QEvent::MouseMove, corner, Qt::NoButton, Qt::RightButton);
  sendMouse(panel.plot(0), QEvent::MouseButtonRelease, area.bottomLeft() + QPointF(2, -2),
            Qt::RightButton, Qt::NoButton);
  std::size_t ofShownCase = 0;
  for (const auto& point : a) ofShownCase += point.caseId == window->session().caseData().caseId;
  EXPECT_EQ(window->session().highlighted().size(), ofShownCase);
}

/// Counts the epochs a run reports.
class EpochCounter : public learn::TrainingObserver {
 public:
  void onEpoch(const learn::EpochReport&) override { ++epochs; }
  int epochs = 0;
};

TEST(StudioTrainingE2e, TheProcessChoiceNeedsTwoGpusAndTwoProcessesTrainARun) {
  TempFolder temp;
  const std::string project = demoProjectCopy(temp);
  auto window = openTrainingStudio(project, ui::MainWindow::ResumePolicy::Never);
  auto* processes = window->findChild<QSpinBox*>("trainingProcesses");
  ASSERT_NE(processes, nullptr);
  const int gpus = studio::ProjectTrainingBackend(project).gpus();
  EXPECT_EQ(processes->isEnabled(), gpus >= 2);
  EXPECT_EQ(processes->maximum(), std::max(1, gpus));
  if (gpus < 2) {
    EXPECT_EQ(processes->value(), 1);
    EXPECT_TRUE(processes->toolTip().contains("two or more GPUs"))
        << processes->toolTip().toStdString();
  }

  // The backend's data-parallel path (what the choice starts), run here on the CPU: the studio's
  // thread is rank 0 and the studio program, started as a helper, rank 1.
  studio::ProjectTrainingBackend backend(project);
  backend.useHelperProgram(VOXSIAM_STUDIO);
  auto request = smokeRequest(*window, 2);
  request.processes = 2;
  const long long runId = backend.createRun(request);
  EpochCounter counter;
  std::atomic<bool> cancel{false};
  const auto result = backend.train(runId, counter, cancel);
  EXPECT_EQ(result.state, storage::RunState::Finished) << result.message;
  ASSERT_TRUE(result.modelId.has_value()) << result.message;
  EXPECT_EQ(counter.epochs, 2);
  storage::Project db(project);
  const auto run = storage::repository::TrainingRunRepository(db.connection()).get(runId);
  EXPECT_EQ(storage::repository::TrainingRunRepository(db.connection()).epochs(runId).size(), 2u)
      << "rank 0 alone records the epochs";
  const auto config = nlohmann::json::parse(run.config);
  EXPECT_EQ(config["processes"], 2);
  EXPECT_EQ(config["config"]["training"]["batch_size"], 2) << "one sample for each process";
}

TEST(StudioTrainingE2e, KilledDuringTrainingOffersToResumeFromTheLastCheckpoint) {
  TempFolder temp;
  const std::string project = demoProjectCopy(temp);
  const pid_t child = fork();
  if (child == 0) {
    setenv("XDG_CONFIG_HOME", temp.file("config").c_str(), 1);  // not the user's settings
    execl(VOXSIAM_STUDIO, VOXSIAM_STUDIO, "--project", project.c_str(), "--user", "e2e", "--train",
          "smoke", "--epochs", "60", static_cast<char*>(nullptr));
    _exit(127);
  }
  ASSERT_GT(child, 0);
  std::size_t epochsBeforeKill = 0;
  const bool trained = waitUntil(
      [&] {
        storage::Project db(project);
        const auto runs = storage::repository::TrainingRunRepository(db.connection()).list();
        if (runs.empty()) return false;
        epochsBeforeKill =
            storage::repository::TrainingRunRepository(db.connection()).epochs(runs[0].id).size();
        return epochsBeforeKill >= 2;
      },
      300000);
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(trained) << "the studio did not train";
  ASSERT_TRUE(WIFSIGNALED(status));

  QString offered;
  QTimer::singleShot(500, [&] {
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    if (!box) return;
    offered = box->text();
    box->button(QMessageBox::Yes)->click();
  });
  auto window = openTrainingStudio(project, ui::MainWindow::ResumePolicy::Ask);
  EXPECT_NE(offered.indexOf("interrupted"), -1) << offered.toStdString();
  int firstEpoch = -1;
  QObject::connect(&window->training(), &ui::TrainingController::epochReported,
                   [&](const learn::EpochReport& epoch) {
                     if (firstEpoch < 0) firstEpoch = int(epoch.epoch);
                   });
  ASSERT_TRUE(window->training().running());
  ASSERT_TRUE(waitUntil([&] { return firstEpoch >= 0; }, 300000));
  // Continues after the last checkpoint: not from epoch 0, not past what was done.
  EXPECT_GE(firstEpoch, 1);
  EXPECT_LE(firstEpoch, int(epochsBeforeKill) + 1);
  window->training().cancel();
  waitUntil([&] { return !window->training().running(); }, 120000);
}

}  // namespace
}  // namespace voxsiam::test
