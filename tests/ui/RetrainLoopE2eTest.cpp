#include <gtest/gtest.h>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>

#include <fstream>
#include <nlohmann/json.hpp>

#include "storage/Project.h"
#include "storage/repository/ModelRepository.h"
#include "storage/repository/TrainingRunRepository.h"
#include "storage/repository/UncertaintyRepository.h"
#include "tests/ui/StudioHarness.h"
#include "tests/ui/TrainingHarness.h"
#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"
#include "ui/model/OrganStates.h"
#include "ui/model/TrainingController.h"
#include "ui/widgets/CorrectionEffortBox.h"
#include "ui/widgets/ModelsPanel.h"
#include "ui/widgets/NextCaseBox.h"
#include "ui/widgets/OrganReviewBox.h"
#include "ui/widgets/RegressionGateDialog.h"
#include "ui/widgets/SliceView.h"
#include "ui/widgets/TrainingPanel.h"

namespace voxsiam::test {
namespace {

template <typename Widget>
Widget* child(QWidget& parent, const char* name) {
  auto* widget = parent.findChild<Widget*>(name);
  EXPECT_NE(widget, nullptr) << name;
  return widget;
}

/// Chooses `name` (an item's data) in a combo box.
void choose(QComboBox* box, const QString& name) {
  const int index = box->findData(name);
  ASSERT_GE(index, 0) << name.toStdString();
  box->setCurrentIndex(index);
}

TEST(StudioRetrainLoop, RetrainingStartsFromTheActiveModelAndTheLineageSaysSo) {
  TempFolder temp;
  const std::string project = demoProjectCopy(temp);
  auto window = openTrainingStudio(project, ui::MainWindow::ResumePolicy::Never);
  auto& panel = window->trainingPanel();
  auto* startFrom = child<QCheckBox>(panel, "trainingStartFromActive");
  ASSERT_NE(startFrom, nullptr);
  EXPECT_FALSE(startFrom->isEnabled()) << "no model yet";
  EXPECT_FALSE(panel.startingModel());

  const long long first = trainToEnd(*window, "dice", 3);
  ASSERT_EQ(window->session().activeModelId(), first) << "the first model becomes active";
  EXPECT_TRUE(startFrom->isEnabled());
  EXPECT_TRUE(startFrom->isChecked()) << "on by default when there is an active model";
  EXPECT_NE(startFrom->text().indexOf(QString("model %1").arg(first)), -1)
      << startFrom->text().toStdString();

  QStringList messages;
  QString state;
  QObject::connect(&window->training(), &ui::TrainingController::messageReported,
                   [&](const QString& text) { messages << text; });
  QObject::connect(&window->training(), &ui::TrainingController::runFinished,
                   [&](const QString& s, const QString&) { state = s; });
  choose(child<QComboBox>(panel, "trainingPreset"), "smoke");
  choose(child<QComboBox>(panel, "trainingMethod"), "dice");
  child<QSpinBox>(panel, "trainingEpochs")->setValue(2);
  child<QPushButton>(panel, "trainingStart")->click();
  ASSERT_TRUE(waitUntil([&] { return !state.isEmpty(); }, 600000));
  EXPECT_EQ(state, "finished");
  EXPECT_NE(messages.filter("initialised from").size(), 0) << messages.join("\n").toStdString();

  storage::Project db(project);
  const auto models = storage::repository::ModelRepository(db.connection()).list();
  ASSERT_EQ(models.size(), 2u);
  const auto& second = models.front();
  ASSERT_TRUE(second.parentId);
  EXPECT_EQ(*second.parentId, first);
  const auto run = nlohmann::json::parse(second.config);
  EXPECT_TRUE(run.at("started_from_parent").get<bool>());
  EXPECT_NE(run.at("config").at("training").value("init_from", "").find("models/"),
            std::string::npos)
      << run.at("config").dump();
  EXPECT_EQ(window->session().activeModelId(), first) << "a new model does not replace it unasked";

  auto* table = child<QTableWidget>(window->modelsPanel(), "modelTable");
  QStringList lineage;
  for (int row = 0; row < table->rowCount(); ++row) lineage << table->item(row, 4)->text();
  EXPECT_TRUE(lineage.contains(QString("fine-tuned from %1").arg(first)))
      << lineage.join(", ").toStdString();

  startFrom->setChecked(false);
  state.clear();
  messages.clear();
  child<QPushButton>(panel, "trainingStart")->click();
  ASSERT_TRUE(waitUntil([&] { return !state.isEmpty(); }, 600000));
  EXPECT_EQ(messages.filter("initialised from").size(), 0) << "unchecked: random weights";
  const auto third = storage::repository::ModelRepository(db.connection()).list().front();
  EXPECT_FALSE(nlohmann::json::parse(third.config).at("started_from_parent").get<bool>());
}

TEST(StudioRetrainLoop, ARetrainedModelWaitsAtTheRegressionGateWithBothModelsSideBySide) {
  TempFolder temp;
  const std::string project = demoProjectCopy(temp);
  auto window = openTrainingStudio(project, ui::MainWindow::ResumePolicy::Never);
  const long long first = trainToEnd(*window, "dice", 3);
  ASSERT_EQ(window->session().activeModelId(), first);
  EXPECT_EQ(window->findChild<ui::RegressionGateDialog*>("regressionGate"), nullptr)
      << "the first model has nothing to be compared with";

  QString gateError;
  QObject::connect(&window->modelsPanel().gate(), &ui::RegressionGate::failed,
                   [&](const QString& error) { gateError = error; });
  const long long second = trainToEnd(*window, "dice", 1);
  ui::RegressionGateDialog* gate = nullptr;
  ASSERT_TRUE(waitUntil(
      [&] {
        gate = window->findChild<ui::RegressionGateDialog*>("regressionGate");
        return gate && gate->isVisible();
      },
      300000))
      << "no regression gate after the second run: " << gateError.toStdString();
  EXPECT_EQ(gate->report().activeModel, first);
  EXPECT_EQ(gate->report().newModel, second);
  ASSERT_FALSE(gate->report().cases.empty()) << "the validation case is held out from both runs";
  auto* table = gate->table();
  ASSERT_EQ(table->rowCount(), 8);
  EXPECT_EQ(table->horizontalHeaderItem(2)->text(), QString("Dice active (%1)").arg(first));
  EXPECT_EQ(table->horizontalHeaderItem(3)->text(), QString("Dice new (%1)").arg(second));
  int scored = 0;
  for (int row = 0; row < table->rowCount(); ++row) scored += table->item(row, 2)->text() != "-";
  EXPECT_GT(scored, 0) << "no organ was scored on the held-out case";
  gate->grab().save(QString::fromStdString(screenshotPath(temp, "studio-regression-gate.png")));
  EXPECT_EQ(window->session().activeModelId(), first) << "nothing changes before the answer";
  child<QPushButton>(*gate, "gateKeep")->click();
  EXPECT_EQ(window->session().activeModelId(), first);

  window->modelsPanel().gate().check(second);
  ASSERT_TRUE(waitUntil(
      [&] {
        gate = window->findChild<ui::RegressionGateDialog*>("regressionGate");
        return gate && gate->isVisible();
      },
      300000));
  child<QPushButton>(*gate, "gateActivate")->click();
  EXPECT_EQ(window->session().activeModelId(), second);
}

/// Pixels that differ between two renderings of a view, and whether each lost blue (the
/// uncertainty tint is yellow to red).
std::pair<int, int> tintedPixels(const QImage& before, const QImage& after) {
  int changed = 0, bluer = 0;
  for (int y = 0; y < std::min(before.height(), after.height()); ++y)
    for (int x = 0; x < std::min(before.width(), after.width()); ++x) {
      const QRgb a = before.pixel(x, y), b = after.pixel(x, y);
      if (a == b) continue;
      ++changed;
      bluer += qBlue(b) > qBlue(a);
    }
  return {changed, bluer};
}

/// The model's draft `draftId` kept its uncertainty; the Review tab shows it over the slices and
/// lists regions to check; a click goes to one and the count of what is left drops.
void checkUncertaintyReview(ui::MainWindow& window, TempFolder& temp, long long draftId) {
  {
    storage::Project db(window.session().projectFolder().toStdString());
    EXPECT_TRUE(storage::repository::UncertaintyRepository(db.connection()).has(draftId))
        << "the draft keeps the model's uncertainty";
  }
  window.showTab(ui::MainWindow::SideTab::Review);
  auto* source = child<QLabel>(window, "uncertaintySource");
  ASSERT_NE(source, nullptr);
  EXPECT_NE(source->text().indexOf("prediction of model"), -1) << source->text().toStdString();
  const QImage before = window.sliceView(0).renderedImage();
  auto* show = child<QCheckBox>(window, "uncertaintyShow");
  ASSERT_TRUE(show->isEnabled());
  show->setChecked(true);
  ASSERT_NE(window.session().uncertainty(), nullptr);
  const auto [changed, bluer] = tintedPixels(before, window.sliceView(0).renderedImage());
  EXPECT_GT(changed, 100) << "the overlay tints the uncertain voxels of the slice";
  EXPECT_EQ(bluer, 0) << "the tint is yellow to red";

  auto* regions = child<QListWidget>(window, "uncertaintyRegions");
  auto* threshold = child<QDoubleSpinBox>(window, "uncertaintyThreshold");
  for (double value = 0.3; regions->count() == 0 && value < 0.95; value += 0.1)
    threshold->setValue(value);  // a barely trained model may be unsure everywhere
  ASSERT_GT(regions->count(), 0) << "no region to check at any threshold";
  const int total = regions->count();
  auto* left = child<QLabel>(window, "uncertaintyLeft");
  EXPECT_EQ(left->text().left(left->text().indexOf(' ')), QString::number(total))
      << left->text().toStdString();
  const QRect first = regions->visualItemRect(regions->item(0));
  QTest::mouseClick(regions->viewport(), Qt::LeftButton, {}, first.center());
  EXPECT_TRUE(regions->item(0)->text().startsWith(QString::fromUtf8("\u2713")))
      << regions->item(0)->text().toStdString();
  if (total == 1)
    EXPECT_TRUE(left->text().startsWith("all checked")) << left->text().toStdString();
  else
    EXPECT_EQ(left->text().left(left->text().indexOf(' ')), QString::number(total - 1))
        << left->text().toStdString();
  const auto& cursor = window.session().cursor();
  EXPECT_NE(regions->item(0)->text().indexOf(QString("axial slice %1").arg(cursor[2] + 1)), -1)
      << "the crosshair went to the region: " << regions->item(0)->text().toStdString();
  window.grab().save(QString::fromStdString(screenshotPath(temp, "studio-uncertainty.png")));
  show->setChecked(false);
  EXPECT_EQ(window.session().uncertainty(), nullptr);
}

/// "Suggest cases to label" in the Models tab ranks the one case without approved labels,
/// `caseId`, with both reasons; a double-click opens it.
void checkNextCaseSuggestion(ui::MainWindow& window, long long caseId) {
  window.showTab(ui::MainWindow::SideTab::Models);
  auto* table = window.modelsPanel().nextCases().table();
  child<QPushButton>(window, "suggestNextCases")->click();
  ASSERT_TRUE(waitUntil([&] { return table->isVisible() && table->rowCount() > 0; }, 120000))
      << child<QLabel>(window, "suggestionStatus")->text().toStdString();
  ASSERT_EQ(table->rowCount(), 1) << "the demo project has one case without approved labels";
  EXPECT_EQ(table->item(0, 0)->data(Qt::UserRole).toLongLong(), caseId);
  const QString why = table->item(0, 4)->text();
  EXPECT_NE(why.indexOf("uncertainty"), -1) << why.toStdString();
  EXPECT_NE(why.indexOf("novelty"), -1) << why.toStdString();
  EXPECT_GT(table->item(0, 2)->text().toDouble(), 0.0);
  window.session().closeCase();
  const QRect row = table->visualItemRect(table->item(0, 1));
  QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, row.center());
  QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, row.center());
  ASSERT_TRUE(waitUntil([&] { return window.session().hasCase() && !window.session().loading(); }));
  EXPECT_EQ(window.session().caseData().caseId, caseId);
}

/// Waits for the regression gate's dialog and returns it (nullptr when none came).
ui::RegressionGateDialog* awaitGate(ui::MainWindow& window) {
  ui::RegressionGateDialog* gate = nullptr;
  waitUntil(
      [&] {
        gate = window.findChild<ui::RegressionGateDialog*>("regressionGate");
        return gate && gate->isVisible();
      },
      300000);
  return gate && gate->isVisible() ? gate : nullptr;
}

TEST(StudioRetrainLoop, TrainPredictCorrectOneOrganApproveItRetrainAndSeeTheGateAndTheEffort) {
  TempFolder temp;
  const std::string project = demoProjectCopy(temp);
  auto window = openTrainingStudio(project, ui::MainWindow::ResumePolicy::Never);
  window->resize(1600, 1000);
  auto& session = window->session();
  const long long first = trainToEnd(*window, "dice", 4);

  // Predict the case under review (not approved: it did not train) and open the model's draft.
  long long caseId = 0;
  for (const long long id : session.caseIds()) {
    if (caseId != 0) break;
    session.loadCaseAsync(id);
    waitUntil([&] { return session.hasCase() && !session.loading(); });
    if (session.caseData().version &&
        session.caseData().version->status == storage::ReviewStatus::InReview)
      caseId = id;
  }
  ASSERT_NE(caseId, 0) << "the demo project has a case in review";
  int predicted = 0;
  QObject::connect(&window->training(), &ui::TrainingController::predictionsDone,
                   [&] { ++predicted; });
  window->training().predict(first, {caseId});
  ASSERT_TRUE(waitUntil([&] { return predicted > 0; }, 120000));
  const auto draft = session.modelSuggestion();
  ASSERT_TRUE(draft && draft->modelId == first);
  session.showVersion(draft->id);
  checkUncertaintyReview(*window, temp, draft->id);
  checkNextCaseSuggestion(*window, caseId);
  session.loadCaseAsync(caseId);
  ASSERT_TRUE(waitUntil([&] { return session.hasCase() && !session.loading(); }));
  session.showVersion(draft->id);

  // Correct the liver with the brush and save; then approve the liver alone.
  auto& edits = window->editController();
  const auto& size = session.labels().size();
  edits.setTool("brush");
  edits.setActiveLabel(5);
  edits.setBrushRadius(6);
  edits.strokeBegin({size[0] / 2, size[1] / 2, size[2] / 2}, 2);
  QTest::qWait(1200);  // the reviewer takes a moment
  edits.strokeContinue({size[0] / 2 + 8, size[1] / 2, size[2] / 2}, 2);
  edits.strokeEnd();
  child<QPushButton>(*window, "saveButton")->click();
  ASSERT_FALSE(session.modified());
  auto* organs = window->findChild<ui::OrganReviewBox*>();
  ASSERT_NE(organs, nullptr);
  organs->selectOrgan(5);
  child<QPushButton>(*window, "approveOrgan")->click();
  const auto states = ui::organStates(session);
  for (const auto& state : states)
    EXPECT_EQ(state.trains, state.organ == 5) << state.name.toStdString();

  // Retrain from the active model; the gate shows both models side by side.
  window->showTab(ui::MainWindow::SideTab::Training);
  auto& panel = window->trainingPanel();
  ASSERT_EQ(panel.startingModel(), first);
  choose(child<QComboBox>(panel, "trainingPreset"), "smoke");
  choose(child<QComboBox>(panel, "trainingMethod"), "dice");
  child<QSpinBox>(panel, "trainingEpochs")->setValue(2);
  QString state;
  QObject::connect(&window->training(), &ui::TrainingController::runFinished,
                   [&](const QString& s, const QString&) { state = s; });
  child<QPushButton>(panel, "trainingStart")->click();
  ASSERT_TRUE(waitUntil([&] { return !state.isEmpty(); }, 600000));
  EXPECT_EQ(state, "finished");
  auto* gate = awaitGate(*window);
  ASSERT_NE(gate, nullptr) << "no regression gate after retraining";
  EXPECT_EQ(gate->report().activeModel, first);
  EXPECT_EQ(gate->table()->rowCount(), 8);
  gate->grab().save(QString::fromStdString(screenshotPath(temp, "studio-regression-gate.png")));
  child<QPushButton>(*gate, "gateKeep")->click();

  // The Models tab: the correction of model 1's draft, with its editing time and voxels.
  window->showTab(ui::MainWindow::SideTab::Models);
  window->modelsPanel().refresh();
  auto* effort = window->modelsPanel().corrections().table();
  ASSERT_EQ(effort->rowCount(), 1);
  EXPECT_EQ(effort->item(0, 0)->text(), QString::number(first));
  EXPECT_EQ(effort->item(0, 1)->text(), "1");
  EXPECT_GT(effort->item(0, 3)->text().toDouble(), 0) << "voxels changed per case";
  std::cout << "most changed organ: " << effort->item(0, 4)->text().toStdString() << "\n";
  ASSERT_TRUE(
      window->modelsPanel().corrections().exportCsv(QString::fromStdString(temp.file("c.csv"))));
  std::ifstream csv(temp.file("c.csv"));
  std::string header, row, liverRow, all;
  std::getline(csv, header);
  while (std::getline(csv, row)) {
    all += row + "\n";
    if (row.find(",liver,") != std::string::npos) liverRow = row;
  }
  EXPECT_EQ(header, "model,case,draft_version,approved_version,organ,voxels_changed,seconds");
  ASSERT_FALSE(liverRow.empty()) << all;
  EXPECT_GT(std::stod(liverRow.substr(liverRow.rfind(',') + 1)), 1.0)
      << "editing time recorded: " << all;
  window->grab().save(QString::fromStdString(screenshotPath(temp, "studio-correction-effort.png")));
}

}  // namespace
}  // namespace voxsiam::test
