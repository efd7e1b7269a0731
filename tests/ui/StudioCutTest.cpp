// Scissors, level tracing and island clicks driven with the mouse in the studio: the voxels they
// change are checked one by one against what the outline, the traced region or the clicked
// island holds, and one undo puts everything back.
#include <gtest/gtest.h>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QPushButton>
#include <QRadioButton>
#include <QToolButton>
#include <QWheelEvent>

#include <functional>

#include "tests/ui/StudioHarness.h"
#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"
#include "ui/model/SliceSketch.h"
#include "ui/widgets/SliceView.h"
#include "ui/widgets/WheelGuard.h"

namespace voxsiam::test {
namespace {

using Voxel = std::array<std::size_t, 3>;
constexpr std::uint16_t kLiver = 5;

/// Presses the left button on the first voxel of `corners`, moves through every voxel step of
/// the closed path through them (all in the view's slice) and, with `release`, lets go.
void dragOutline(ui::SliceView& view, const std::vector<Voxel>& corners, bool release = true) {
  sendMouse(view, QEvent::MouseButtonPress, view.voxelToScreen(corners.front()), Qt::LeftButton);
  for (std::size_t n = 0; n < corners.size(); ++n) {
    const Voxel& from = corners[n];
    const Voxel& to = corners[(n + 1) % corners.size()];
    long steps = 1;
    for (int a = 0; a < 3; ++a) steps = std::max(steps, std::labs(long(to[a]) - long(from[a])));
    for (long s = 1; s <= steps; ++s) {
      Voxel at;
      for (int a = 0; a < 3; ++a)
        at[a] = std::size_t(long(from[a]) + (long(to[a]) - long(from[a])) * s / steps);
      sendMouse(view, QEvent::MouseMove, view.voxelToScreen(at), Qt::LeftButton);
    }
  }
  if (release)
    sendMouse(view, QEvent::MouseButtonRelease, view.voxelToScreen(corners.front()), Qt::NoButton);
}

/// Checks every voxel: where `changes(at)` holds it must equal `expected(at, before)`, elsewhere
/// it must be unchanged. Returns the voxels that changed.
std::size_t checkVoxels(const image::LabelMap& before, const image::LabelMap& after,
                        const std::function<bool(const Voxel&)>& changes,
                        const std::function<std::uint16_t(std::uint16_t)>& expected) {
  std::size_t changed = 0;
  for (std::size_t index = 0; index < before.voxelCount(); ++index) {
    const Voxel at = before.geometry().voxelOf(index);
    const std::uint16_t want = changes(at) ? expected(before[index]) : before[index];
    if (after[index] != want) {
      ADD_FAILURE() << "voxel " << at[0] << "," << at[1] << "," << at[2] << " is " << after[index]
                    << ", expected " << want;
      return changed;
    }
    changed += after[index] != before[index];
  }
  return changed;
}

ui::SliceView& viewOf(ui::MainWindow& window, render::ViewOrientation orientation) {
  for (int n = 0; n < 3; ++n)
    if (window.sliceView(n).orientation() == orientation) return window.sliceView(n);
  ADD_FAILURE() << "no view of that orientation";
  return window.sliceView(0);
}

TEST(StudioCutting, ScissorsDrawnWithTheMouseCutThroughTheVolumeAndUndo) {
  TempFolder temp;
  auto window = openStudio(demoProjectCopy(temp));
  window->activateWindow();
  auto& session = window->session();
  auto& edits = window->editController();
  const image::LabelMap original = session.labels();
  window->findChild<QToolButton*>("toolScissors")->click();
  ASSERT_EQ(edits.tool(), "scissors");
  auto* allOrgans = window->findChild<QCheckBox*>("scissorsAllOrgans");
  ASSERT_NE(allOrgans, nullptr);
  ASSERT_TRUE(allOrgans->isVisible()) << "the scissors' options show";
  allOrgans->setChecked(true);
  const Voxel c = session.cursor();
  const std::size_t i0 = c[0] - 12, i1 = c[0] + 12, j0 = c[1] - 9, j1 = c[1] + 9;
  ui::SliceView& axial = viewOf(*window, render::ViewOrientation::Axial);
  dragOutline(axial, {{i0, j0, c[2]}, {i1, j0, c[2]}, {i1, j1, c[2]}, {i0, j1, c[2]}}, false);
  EXPECT_GE(edits.sketch().points().size(), 80u) << "the outline follows the mouse";
  const QImage drawn = window->grab().toImage();
  drawn.save(QString::fromStdString(screenshotPath(temp, "studio-scissors.png")));
  EXPECT_GT(countColor(drawn, 255, 230, 60, 30), 60) << "the outline is drawn while dragging";
  sendMouse(axial, QEvent::MouseButtonRelease, axial.voxelToScreen({i0, j0, c[2]}), Qt::NoButton);
  EXPECT_TRUE(edits.sketch().points().empty()) << "the outline goes once it has cut";
  const auto insidePrism = [&](const Voxel& at) {
    return at[0] >= i0 && at[0] <= i1 && at[1] >= j0 && at[1] <= j1;
  };
  const std::size_t erased = checkVoxels(original, session.labels(), insidePrism,
                                         [](std::uint16_t) -> std::uint16_t { return 0; });
  EXPECT_GT(erased, 1000u) << "organs inside the prism, in every slice, are erased";
  edits.undo();
  EXPECT_EQ(session.labels().voxels(), original.voxels()) << "one undo step";

  // Fill inside, in the coronal view, a slab of 10 mm with the liver: only background voxels.
  edits.setActiveLabel(kLiver);
  auto* action = window->findChild<QComboBox*>("scissorsAction");
  action->setCurrentIndex(action->findText("Fill inside"));
  window->findChild<QDoubleSpinBox*>("scissorsSlab")->setValue(10);
  ui::SliceView& coronal = viewOf(*window, render::ViewOrientation::Coronal);
  const std::size_t k0 = c[2] - 3, k1 = c[2] + 3;
  dragOutline(coronal, {{i0, c[1], k0}, {i1, c[1], k0}, {i1, c[1], k1}, {i0, c[1], k1}}, false);
  sendMouse(coronal, QEvent::MouseButtonRelease, coronal.voxelToScreen({i0, c[1], k0}),
            Qt::NoButton);
  const double spacing = original.geometry().spacing[1];
  const auto half = std::size_t(std::max(0.0, std::round(10 / spacing / 2 - 0.5)));
  const auto inSlab = [&](const Voxel& at) {
    return at[0] >= i0 && at[0] <= i1 && at[2] >= k0 && at[2] <= k1 && at[1] + half >= c[1] &&
           at[1] <= c[1] + half;
  };
  const std::size_t filled = checkVoxels(
      original, session.labels(), inSlab,
      [](std::uint16_t before) -> std::uint16_t { return before == 0 ? kLiver : before; });
  EXPECT_GT(filled, 50u) << "the slab holds background to fill";
  edits.undo();
  EXPECT_EQ(session.labels().voxels(), original.voxels());
}

TEST(StudioCutting, LevelTracingOutlinesUnderTheMouseAndFillsThatSliceOnClick) {
  TempFolder temp;
  auto window = openStudio(demoProjectCopy(temp));
  window->activateWindow();
  auto& session = window->session();
  auto& edits = window->editController();
  const image::LabelMap reference = session.labels();
  clearOrgan(*window, kLiver);
  const image::LabelMap withoutLiver = session.labels();
  edits.setActiveLabel(kLiver);
  window->findChild<QToolButton*>("toolLevel trace")->click();
  ASSERT_EQ(edits.tool(), "level-trace");
  // The liver's first voxel along the cursor's row: an edge between liver and what lies beside.
  Voxel at = session.cursor();
  const auto& grid = reference.geometry();
  std::size_t k = at[2], edge = SIZE_MAX, row = 0;
  for (std::size_t j = 0; j < grid.size[1] && edge == SIZE_MAX; ++j)
    for (std::size_t i = 0; i < grid.size[0]; ++i)
      if (reference[grid.linearIndex(i, j, k)] == kLiver) {
        edge = i, row = j;
        break;
      }
  ASSERT_NE(edge, SIZE_MAX) << "the liver lies in the cursor's slice";
  ui::SliceView& axial = viewOf(*window, render::ViewOrientation::Axial);
  const Voxel seed{edge, row + 4, k};
  sendMouse(axial, QEvent::MouseMove, axial.voxelToScreen(seed), Qt::NoButton);
  const edit::SliceRegion* region = edits.sketch().region();
  ASSERT_NE(region, nullptr) << "hovering traces the level";
  EXPECT_GT(region->pixels, 20u);
  window->grab().save(QString::fromStdString(screenshotPath(temp, "studio-level-trace.png")));
  const edit::SliceRegion traced = *region;
  sendMouse(axial, QEvent::MouseButtonPress, axial.voxelToScreen(seed), Qt::LeftButton);
  sendMouse(axial, QEvent::MouseButtonRelease, axial.voxelToScreen(seed), Qt::NoButton);
  const auto inRegion = [&](const Voxel& v) {
    return v[2] == k && traced.inside[v[0] + v[1] * traced.width];
  };
  const std::size_t filled = checkVoxels(
      withoutLiver, session.labels(), inRegion,
      [](std::uint16_t before) -> std::uint16_t { return before == 0 ? kLiver : before; });
  EXPECT_GT(filled, 20u);
  EXPECT_EQ(edits.keySlices(kLiver, 2), std::vector<std::size_t>{k}) << "a key slice";
  edits.undo();
  EXPECT_EQ(session.labels().voxels(), withoutLiver.voxels());
}

TEST(StudioCutting, IslandClicksRemoveOrKeepAPieceAndUndo) {
  TempFolder temp;
  auto window = openStudio(demoProjectCopy(temp));
  window->activateWindow();
  auto& session = window->session();
  auto& edits = window->editController();
  const auto& grid = session.labels().geometry();
  const Voxel stray{2, 2, session.cursor()[2]};
  edits.applyEdit("a stray piece of liver", [&](edit::ChangeRecorder& recorder) {
    for (std::size_t j = 1; j <= 3; ++j)
      for (std::size_t i = 1; i <= 3; ++i) recorder.set(grid.linearIndex(i, j, stray[2]), kLiver);
  });
  const image::LabelMap withStray = session.labels();
  window->findChild<QToolButton*>("toolIslands")->click();
  ASSERT_EQ(edits.tool(), "islands");
  window->findChild<QRadioButton*>("islandsRemove")->click();
  ui::SliceView& axial = viewOf(*window, render::ViewOrientation::Axial);
  sendMouse(axial, QEvent::MouseButtonPress, axial.voxelToScreen(stray), Qt::LeftButton);
  sendMouse(axial, QEvent::MouseButtonRelease, axial.voxelToScreen(stray), Qt::NoButton);
  const auto inStray = [&](const Voxel& at) {
    return at[0] >= 1 && at[0] <= 3 && at[1] >= 1 && at[1] <= 3 && at[2] == stray[2];
  };
  const auto toBackground = [](std::uint16_t) -> std::uint16_t { return 0; };
  EXPECT_EQ(checkVoxels(withStray, session.labels(), inStray, toBackground), 9u);
  edits.undo();
  ASSERT_EQ(session.labels().voxels(), withStray.voxels());
  edits.setActiveLabel(kLiver);
  window->findChild<QPushButton*>("islandsKeepLargest")->click();
  std::size_t liverBefore = 0, liverAfter = 0;
  for (std::size_t index = 0; index < withStray.voxelCount(); ++index) {
    liverBefore += withStray[index] == kLiver;
    liverAfter += session.labels()[index] == kLiver;
    if (inStray(grid.voxelOf(index))) ASSERT_EQ(session.labels()[index], 0) << "the stray goes";
  }
  EXPECT_GT(liverAfter, liverBefore * 9 / 10) << "the liver's largest piece stays";
  window->grab().save(QString::fromStdString(screenshotPath(temp, "studio-islands.png")));
  EXPECT_LT(liverAfter, liverBefore);
}

TEST(StudioCutting, InterpolationRunsAlongTheViewTheKeySlicesWereDrawnIn) {
  TempFolder temp;
  auto window = openStudio(demoProjectCopy(temp));
  window->activateWindow();
  auto& session = window->session();
  auto& edits = window->editController();
  const auto& grid = session.labels().geometry();
  const image::LabelMap original = session.labels();
  edits.applyEdit("clear everything", [&](edit::ChangeRecorder& recorder) {
    for (std::size_t index = 0; index < original.voxelCount(); ++index)
      if (original[index]) recorder.set(index, 0);
  });
  edits.setActiveLabel(kLiver);
  edits.setBrushRadius(12);
  window->findChild<QToolButton*>("toolBrush")->click();
  ui::SliceView& coronal = viewOf(*window, render::ViewOrientation::Coronal);
  const Voxel c = session.cursor();
  for (const std::size_t j : {c[1] - 4, c[1] + 4}) {  // one dab in each of two coronal slices
    session.setCursor({c[0], j, c[2]});
    ASSERT_EQ(coronal.slice(), j);
    sendMouse(coronal, QEvent::MouseButtonPress, coronal.voxelToScreen({c[0], j, c[2]}),
              Qt::LeftButton);
    sendMouse(coronal, QEvent::MouseButtonRelease, coronal.voxelToScreen({c[0], j, c[2]}),
              Qt::NoButton);
  }
  EXPECT_EQ(edits.keySlices(kLiver, 1), (std::vector<std::size_t>{c[1] - 4, c[1] + 4}));
  window->findChild<QPushButton*>("command-interpolate")->click();
  for (std::size_t j = c[1] - 3; j <= c[1] + 3; ++j) {
    std::size_t painted = 0;
    for (std::size_t k = 0; k < grid.size[2]; ++k)
      for (std::size_t i = 0; i < grid.size[0]; ++i)
        painted += session.labels()[grid.linearIndex(i, j, k)] == kLiver;
    EXPECT_GT(painted, 20u) << "coronal slice " << j << " between the drawn ones is filled";
  }
  std::size_t outside = 0;
  for (std::size_t index = 0; index < grid.voxelCount(); ++index) {
    const std::size_t j = grid.voxelOf(index)[1];
    outside += session.labels()[index] != 0 && (j < c[1] - 4 || j > c[1] + 4);
  }
  EXPECT_EQ(outside, 0u) << "nothing beyond the key slices";
}

TEST(StudioCutting, TheWheelOverAnUnfocusedNumberFieldScrollsThePanelInstead) {
  TempFolder temp;
  auto window = openStudio(demoProjectCopy(temp));
  ui::WheelGuard guard;
  qApp->installEventFilter(&guard);
  auto* radius = window->findChild<QDoubleSpinBox*>("brushRadius");
  ASSERT_NE(radius, nullptr);
  radius->ensurePolished();
  ASSERT_FALSE(radius->hasFocus());
  const double before = radius->value();
  const QPointF centre(radius->width() / 2.0, radius->height() / 2.0);
  QWheelEvent wheel(centre, radius->mapToGlobal(centre), {}, {0, -120}, Qt::NoButton,
                    Qt::NoModifier, Qt::NoScrollPhase, false);
  QApplication::sendEvent(radius, &wheel);
  EXPECT_EQ(radius->value(), before) << "passing over it leaves the radius alone";
  EXPECT_FALSE(radius->hasFocus()) << "the wheel gives it no focus";
  radius->setFocus();
  QWheelEvent focused(centre, radius->mapToGlobal(centre), {}, {0, -120}, Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
  QApplication::sendEvent(radius, &focused);
  EXPECT_NE(radius->value(), before) << "a field the user clicked into follows the wheel";
  qApp->removeEventFilter(&guard);
}

}  // namespace
}  // namespace voxsiam::test
