// The model-assisted click with a model trained in the studio: choosing the tool segments the
// case once on a worker thread; a click takes the model's region of the organ under it, a
// Shift+click removes it, and both are ordinary undo steps.
#include <gtest/gtest.h>
#include <QApplication>
#include <QLabel>
#include <QMouseEvent>
#include <QToolButton>

#include <iostream>
#include <set>

#include "core/image/LabelComponents.h"
#include "tests/ui/StudioHarness.h"
#include "tests/ui/TrainingHarness.h"
#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"
#include "ui/model/ModelAssist.h"
#include "ui/widgets/SliceView.h"

namespace voxsiam::test {
namespace {

/// The organ whose largest piece in the model's labels agrees best with the reference (Dice),
/// and one voxel near the middle of that piece: where a user would click.
std::pair<std::uint16_t, std::array<std::size_t, 3>> bestTakenOrgan(
    const image::LabelMap& model, const image::LabelMap& reference) {
  std::set<std::uint16_t> organs(model.voxels().begin(), model.voxels().end());
  organs.erase(0);
  std::uint16_t best = 0;
  double bestDice = -1;
  std::size_t bestVoxel = 0;
  for (const std::uint16_t organ : organs) {
    const auto pieces = image::componentsOf(model, organ);
    const auto largest = std::max_element(pieces.begin(), pieces.end(),
                                          [](auto& a, auto& b) { return a.size() < b.size(); });
    std::size_t both = 0, truth = 0;
    for (std::size_t index : *largest) both += reference[index] == organ;
    for (std::uint16_t value : reference.voxels()) truth += value == organ;
    const double dice = 2.0 * double(both) / double(largest->size() + truth);
    if (dice > bestDice) bestDice = dice, best = organ, bestVoxel = (*largest)[largest->size() / 2];
  }
  std::cout << "clicking organ " << best << " (Dice of the model's piece " << bestDice << ")\n";
  return {best, model.geometry().voxelOf(bestVoxel)};
}

TEST(StudioModelClick, AClickTakesTheModelsRegionShiftClickRemovesItAndBothUndo) {
  TempFolder temp;
  auto window = openTrainingStudio(demoProjectCopy(temp), ui::MainWindow::ResumePolicy::Never);
  const long long model = trainToEnd(*window, "dice", 8);
  ASSERT_GT(model, 0);
  auto& session = window->session();
  auto& edits = window->editController();
  ASSERT_EQ(session.activeModelId(), model);
  auto& assist = edits.modelAssist();
  window->findChild<QToolButton*>("toolModel click")->click();
  ASSERT_EQ(edits.tool(), "model-click");
  ASSERT_TRUE(waitUntil([&] { return assist.ready() || !assist.busy(); }, 300000));
  ASSERT_TRUE(assist.ready()) << assist.status().toStdString();
  EXPECT_TRUE(window->findChild<QLabel*>("modelClickStatus")->text().contains("ready"));
  const image::LabelMap& predicted = assist.prediction()->labels;
  ASSERT_TRUE(predicted.geometry().sameGrid(session.labels().geometry()));
  const auto [organ, voxel] = bestTakenOrgan(predicted, session.labels());
  ASSERT_NE(organ, 0) << "the model segments some organ";
  std::vector<unsigned char> visited(predicted.voxelCount(), 0);
  const auto region =
      image::regionAt(predicted, predicted.geometry().linearIndex(voxel[0], voxel[1], voxel[2]),
                      {0, 1, 2}, visited);

  clearOrgan(*window, organ);
  const image::LabelMap cleared = session.labels();
  session.setCursor(voxel);
  ui::SliceView& axial = window->sliceView(0);
  ASSERT_EQ(axial.slice(), voxel[2]);
  sendMouse(axial, QEvent::MouseButtonPress, axial.voxelToScreen(voxel), Qt::LeftButton);
  sendMouse(axial, QEvent::MouseButtonRelease, axial.voxelToScreen(voxel), Qt::NoButton);
  std::size_t taken = 0;
  for (std::size_t index = 0; index < cleared.voxelCount(); ++index) {
    const bool inRegion = visited[index] != 0;
    const std::uint16_t expected = inRegion && cleared[index] == 0 ? organ : cleared[index];
    ASSERT_EQ(session.labels()[index], expected) << "voxel " << index;
    taken += session.labels()[index] != cleared[index];
  }
  EXPECT_GT(taken, region.size() / 2) << "the model's region, where nothing else was";
  window->grab().save(QString::fromStdString(screenshotPath(temp, "studio-model-click.png")));
  const image::LabelMap afterTake = session.labels();

  const double windowBefore = session.appearance().window;
  QMouseEvent press(QEvent::MouseButtonPress, axial.voxelToScreen(voxel),
                    axial.mapToGlobal(axial.voxelToScreen(voxel)), Qt::LeftButton, Qt::LeftButton,
                    Qt::ShiftModifier);
  QApplication::sendEvent(&axial, &press);
  sendMouse(axial, QEvent::MouseButtonRelease, axial.voxelToScreen(voxel), Qt::NoButton);
  for (std::size_t index : region) ASSERT_NE(session.labels()[index], organ) << "removed";
  EXPECT_EQ(session.appearance().window, windowBefore) << "Shift+click is not window/level here";
  edits.undo();
  EXPECT_EQ(session.labels().voxels(), afterTake.voxels()) << "Shift+click is one undo step";
  edits.undo();
  EXPECT_EQ(session.labels().voxels(), cleared.voxels()) << "the click is one undo step";
}

}  // namespace
}  // namespace voxsiam::test
