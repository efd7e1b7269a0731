// The model-assisted click with a model trained in the studio: choosing the tool segments the
// case once on a worker thread; a click takes the model's region of the organ under it, a
// Shift+click removes it, and both are ordinary undo steps.
#include <gtest/gtest.h>
#include <QApplication>
#include <QLabel>
#include <QMouseEvent>
#include <QToolButton>

#include <map>

#include "core/image/LabelComponents.h"
#include "tests/ui/StudioHarness.h"
#include "tests/ui/TrainingHarness.h"
#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"
#include "ui/model/ModelAssist.h"
#include "ui/widgets/SliceView.h"

namespace voxsiam::test {
namespace {

/// The label the model gives most voxels (background aside) and one voxel of it near the middle
/// of its largest piece.
std::pair<std::uint16_t, std::array<std::size_t, 3>> commonestOrgan(const image::LabelMap& model) {
  std::map<std::uint16_t, std::size_t> counts;
  for (std::uint16_t value : model.voxels())
    if (value) ++counts[value];
  std::uint16_t organ = 0;
  for (const auto& [label, count] : counts)
    if (!organ || count > counts[organ]) organ = label;
  std::vector<std::vector<std::size_t>> pieces = image::componentsOf(model, organ);
  const auto largest = std::max_element(pieces.begin(), pieces.end(),
                                        [](auto& a, auto& b) { return a.size() < b.size(); });
  return {organ, model.geometry().voxelOf((*largest)[largest->size() / 2])};
}

TEST(StudioModelClick, AClickTakesTheModelsRegionShiftClickRemovesItAndBothUndo) {
  TempFolder temp;
  auto window = openTrainingStudio(demoProjectCopy(temp), ui::MainWindow::ResumePolicy::Never);
  const long long model = trainToEnd(*window, "dice", 4);
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
  const auto [organ, voxel] = commonestOrgan(predicted);
  ASSERT_NE(organ, 0) << "the model segments some organ";
  std::vector<unsigned char> visited(predicted.voxelCount(), 0);
  const auto region =
      image::regionAt(predicted, predicted.geometry().linearIndex(voxel[0], voxel[1], voxel[2]),
                      {0, 1, 2}, visited);

  const image::LabelMap original = session.labels();
  edits.applyEdit("clear the organ", [&](edit::ChangeRecorder& recorder) {
    for (std::size_t index = 0; index < original.voxelCount(); ++index)
      if (original[index] == organ) recorder.set(index, 0);
  });
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
