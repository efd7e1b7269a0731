#include <gtest/gtest.h>
#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPushButton>
#include <QRadioButton>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <cmath>
#include <filesystem>
#include <functional>
#include <set>

#include "storage/Project.h"
#include "storage/repository/AuditLog.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "tests/ui/StudioHarness.h"
#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"
#include "ui/model/SeedGrowthSession.h"
#include "ui/widgets/SliceView.h"
#include "ui/widgets/tools/EditToolDescriptor.h"

namespace voxsiam::test {
namespace {

using Voxel = std::array<std::size_t, 3>;

/// The voxels a stroke through `centres` paints with a disc of `radiusMm` in the axial slice:
/// dabs at every voxel step between successive mouse positions (as the brush places them).
std::set<std::size_t> expectedStroke(const image::ImageGeometry& grid,
                                     const std::vector<Voxel>& centres, double radiusMm) {
  std::vector<Voxel> dabs{centres.front()};
  for (std::size_t n = 1; n < centres.size(); ++n) {
    const Voxel& from = centres[n - 1];
    const Voxel& to = centres[n];
    double steps = 1;
    for (int a = 0; a < 3; ++a) steps = std::max(steps, std::fabs(double(to[a]) - double(from[a])));
    for (double s = 1; s <= steps; ++s) {
      Voxel dab;
      for (int a = 0; a < 3; ++a)
        dab[a] = std::size_t(
            std::lround(double(from[a]) + (double(to[a]) - double(from[a])) * s / steps));
      dabs.push_back(dab);
    }
  }
  std::set<std::size_t> voxels;
  for (const Voxel& dab : dabs)
    for (std::size_t j = 0; j < grid.size[1]; ++j)
      for (std::size_t i = 0; i < grid.size[0]; ++i) {
        const double di = (double(i) - double(dab[0])) * grid.spacing[0];
        const double dj = (double(j) - double(dab[1])) * grid.spacing[1];
        if (di * di + dj * dj <= radiusMm * radiusMm) voxels.insert(grid.linearIndex(i, j, dab[2]));
      }
  return voxels;
}

std::set<std::size_t> changedTo(const image::LabelMap& before, const image::LabelMap& after,
                                std::uint16_t label) {
  std::set<std::size_t> changed;
  for (std::size_t v = 0; v < before.voxelCount(); ++v) {
    if (before[v] != after[v]) {
      EXPECT_EQ(after[v], label);
      changed.insert(v);
    }
  }
  return changed;
}

TEST(StudioEditing, PaintUndoRedoSaveChangesExactlyThePaintedVoxels) {
  TempFolder temp;
  const std::string project = demoProjectCopy(temp);
  auto window = openStudio(project);
  ASSERT_TRUE(window->session().hasCase());
  const long long baseVersion = window->session().caseData().version->id;
  const image::LabelMap original = window->session().labels();
  window->activateWindow();
  QTest::keyClick(window.get(), Qt::Key_B);
  ASSERT_EQ(window->editController().tool(), "brush");
  window->editController().setActiveLabel(3);
  window->editController().setBrushRadius(4);

  ui::SliceView& axial = window->sliceView(0);
  const Voxel cursor = window->session().cursor();
  std::vector<QPointF> path;
  for (std::size_t i = 30; i <= 90; i += 6)
    path.push_back(axial.voxelToScreen({i, 40 + i / 3, cursor[2]}));
  std::vector<Voxel> centres;
  for (const QPointF& point : path) centres.push_back(*axial.voxelAt(point));
  sendMouse(axial, QEvent::MouseButtonPress, path.front(), Qt::LeftButton);
  for (std::size_t n = 1; n < path.size(); ++n)
    sendMouse(axial, QEvent::MouseMove, path[n], Qt::LeftButton);
  sendMouse(axial, QEvent::MouseButtonRelease, path.back(), Qt::NoButton);

  const auto expected = expectedStroke(original.geometry(), centres, 4);
  const image::LabelMap painted = window->session().labels();
  EXPECT_EQ(changedTo(original, painted, 3), [&] {
    std::set<std::size_t> differing;
    for (const std::size_t v : expected)
      if (original[v] != 3) differing.insert(v);
    return differing;
  }());
  EXPECT_GT(expected.size(), 100u);

  QTest::keyClick(window.get(), Qt::Key_Z, Qt::ControlModifier);
  EXPECT_EQ(window->session().labels().voxels(), original.voxels());
  QTest::keyClick(window.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
  EXPECT_EQ(window->session().labels().voxels(), painted.voxels());
  EXPECT_TRUE(window->session().modified());
  QTest::keyClick(window.get(), Qt::Key_S, Qt::ControlModifier);
  EXPECT_FALSE(window->session().modified());

  storage::Project reopened(project);
  storage::repository::LabelVersionRepository versions(reopened.connection());
  const long long caseId = window->session().caseData().caseId;
  const auto newest = versions.latest(caseId);
  ASSERT_TRUE(newest);
  EXPECT_NE(newest->id, baseVersion);
  EXPECT_EQ(newest->parentId, baseVersion);
  EXPECT_EQ(newest->status, storage::ReviewStatus::Draft);
  EXPECT_EQ(newest->source, storage::LabelSource::Manual);
  const image::LabelMap stored = versions.load(newest->id);
  EXPECT_EQ(stored.voxels(), painted.voxels());
  EXPECT_EQ(versions.load(baseVersion).voxels(), original.voxels());
}

TEST(StudioEditing, ReviewButtonsRecordStatusAuthorAndTime) {
  TempFolder temp;
  const std::string project = demoProjectCopy(temp);
  auto window = openStudio(project);
  window->selectCase("phantom_002");  // in review in the demo project
  waitUntil([&] {
    return window->session().hasCase() && window->session().caseData().name == "phantom_002";
  });
  ASSERT_EQ(window->session().caseData().version->status, storage::ReviewStatus::InReview);
  auto* approve = window->findChild<QAbstractButton*>("review_approved");
  ASSERT_NE(approve, nullptr);
  approve->click();
  EXPECT_EQ(window->session().caseData().version->status, storage::ReviewStatus::Approved);
  EXPECT_NE(window->findChild<QLabel*>("versionInfo")->text().indexOf("approved"), -1);
  storage::Project reopened(project);
  const auto audit = storage::repository::AuditLog(reopened.connection())
                         .entries(window->session().caseData().caseId);
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.back().action, "label.status");
  EXPECT_EQ(audit.back().actor, window->session().author().toStdString());
  EXPECT_EQ(audit.back().detail, "in_review -> approved");
  EXPECT_FALSE(audit.back().at.empty());
  // The case browser shows the new status.
  const auto& table = window->caseTable();
  bool shown = false;
  for (int row = 0; row < table.model()->rowCount(); ++row) {
    shown = shown || (table.model()->index(row, 0).data().toString() == "phantom_002" &&
                      table.model()->index(row, 1).data().toString() == "approved");
  }
  EXPECT_TRUE(shown);
}

TEST(StudioEditing, ClosingWithUnsavedChangesAsks) {
  TempFolder temp;
  auto window = openStudio(demoProjectCopy(temp));
  window->setAskBeforeDiscarding(true);
  window->editController().setTool("brush");
  window->editController().strokeBegin(window->session().cursor(), 2);
  window->editController().strokeEnd();
  ASSERT_TRUE(window->session().modified());
  QString question;
  QTimer::singleShot(300, [&] {
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    if (!box) return;
    question = box->text();
    box->button(QMessageBox::Cancel)->click();
  });
  EXPECT_FALSE(window->close());
  EXPECT_NE(question.indexOf("unsaved changes"), -1) << question.toStdString();
  EXPECT_TRUE(window->isVisible());
  window->setAskBeforeDiscarding(false);
}

TEST(StudioErrors, CorruptImageAndUnreadableProjectShowErrorsAndTheStudioGoesOn) {
  TempFolder temp;
  const std::string project = demoProjectCopy(temp);
  {
    storage::Project opened(project);
    const auto record =
        storage::repository::CaseRepository(opened.connection()).findByName("phantom_001");
    const auto file = opened.volumes().pathOf(record->imageHash);
    std::filesystem::resize_file(file, std::filesystem::file_size(file) / 3);
  }
  auto window = openStudio(project);
  window->selectCase("phantom_001");
  QMessageBox* error = nullptr;
  waitUntil([&] { return (error = window->findChild<QMessageBox*>("errorDialog")) != nullptr; },
            30000);
  ASSERT_NE(error, nullptr);
  EXPECT_NE(error->text().indexOf(".nii.gz"), -1) << error->text().toStdString();
  error->close();
  QApplication::processEvents();
  window->selectCase("phantom_003");
  EXPECT_TRUE(waitUntil([&] {
    return window->session().hasCase() && window->session().caseData().name == "phantom_003";
  }));

  std::filesystem::create_directories(temp.path() / "notaproject");
  EXPECT_FALSE(window->openProject(QString::fromStdString((temp.path() / "notaproject").string())));
  QMessageBox* second = nullptr;
  waitUntil([&] { return (second = window->findChild<QMessageBox*>("errorDialog")) != nullptr; },
            5000);
  ASSERT_NE(second, nullptr);
  EXPECT_NE(second->text().indexOf("not a VoxSiam project"), -1);
  EXPECT_EQ(window->session().caseData().name, "phantom_003");
  EXPECT_GT(window->caseTable().model()->rowCount(), 0);
}

}  // namespace
std::size_t voxelsOf(const image::LabelMap& labels, std::uint16_t label) {
  std::size_t count = 0;
  for (std::size_t index = 0; index < labels.voxelCount(); ++index) count += labels[index] == label;
  return count;
}

/// Chooses the tool of button `tool`, picks entry `choice` of its combo box `box` and saves a
/// screenshot of the preview it shows.
void previewScreenshot(ui::MainWindow& window, TempFolder& temp, const char* tool, const char* box,
                       int choice, const std::string& name) {
  window.findChild<QToolButton*>(tool)->click();
  auto* combo = window.findChild<QComboBox*>(box);
  ASSERT_NE(combo, nullptr) << box;
  combo->setCurrentIndex(choice);
  EXPECT_NE(window.session().outline(), nullptr) << name << ": a preview is shown";
  window.grab().save(QString::fromStdString(screenshotPath(temp, name)));
}

TEST(StudioEditing, EffectToolsPreviewAnOutlineApplyAsOneStepAndUndo) {
  TempFolder temp;
  auto window = openStudio(demoProjectCopy(temp));
  window->activateWindow();
  auto& session = window->session();
  auto& edits = window->editController();
  const image::LabelMap original = session.labels();
  edits.setActiveLabel(1);  // spleen
  window->findChild<QToolButton*>("toolMargin")->click();
  ASSERT_EQ(edits.tool(), "margin");
  auto* mm = window->findChild<QDoubleSpinBox*>("marginMm");
  ASSERT_NE(mm, nullptr);
  ASSERT_TRUE(mm->isVisible()) << "the chosen effect's options show";
  mm->setValue(4);
  ASSERT_NE(session.outline(), nullptr) << "a live preview outline";
  EXPECT_GT(voxelsOf(*session.outline(), 1), voxelsOf(original, 1)) << "the grown spleen";
  EXPECT_EQ(voxelsOf(*session.outline(), 5), 0u) << "only the organ that changes is outlined";
  EXPECT_EQ(session.labels().voxels(), original.voxels()) << "a preview changes nothing";
  window->grab().save(QString::fromStdString(screenshotPath(temp, "studio-margin-preview.png")));
  auto* summary = window->findChild<QLabel*>("effect-margin-summary");
  EXPECT_TRUE(summary->text().contains("would change")) << summary->text().toStdString();

  auto* statistics = window->findChild<QTableWidget*>("organStatisticsTable");
  ASSERT_NE(statistics, nullptr);
  ASSERT_EQ(statistics->rowCount(), 8) << "a row per organ of the shown labels";
  ASSERT_EQ(statistics->item(0, 0)->text(), "spleen");
  const double spleenMl = statistics->item(0, 1)->text().toDouble();
  const auto& spacing = original.geometry().spacing;
  EXPECT_NEAR(spleenMl, double(voxelsOf(original, 1)) * spacing[0] * spacing[1] * spacing[2] / 1000,
              0.05);
  window->findChild<QPushButton*>("effect-margin-apply")->click();
  EXPECT_EQ(session.outline(), nullptr) << "applying removes the preview";
  ASSERT_TRUE(waitUntil([&] { return statistics->item(0, 1)->text().toDouble() > spleenMl; }))
      << "the statistics follow the edit";
  const std::size_t grown = voxelsOf(session.labels(), 1);
  EXPECT_GT(grown, voxelsOf(original, 1));
  EXPECT_EQ(voxelsOf(session.labels(), 5), voxelsOf(original, 5)) << "other organs are kept";
  EXPECT_TRUE(session.modified());
  edits.undo();
  EXPECT_EQ(session.labels().voxels(), original.voxels()) << "one undo step";

  // Threshold in the cursor's axial slice: exactly the background voxels within the range.
  window->findChild<QToolButton*>("toolThreshold")->click();
  window->findChild<QDoubleSpinBox*>("thresholdMinimum")->setValue(200);
  window->findChild<QDoubleSpinBox*>("thresholdMaximum")->setValue(3000);
  window->findChild<QPushButton*>("effect-threshold-apply")->click();
  const auto& ct = session.caseData().image;
  const std::size_t k = session.cursor()[2];
  std::size_t expected = 0, painted = 0;
  for (std::size_t index = 0; index < ct.voxelCount(); ++index) {
    const bool inSlice = ct.geometry().voxelOf(index)[2] == k;
    expected += inSlice && original[index] == 0 && ct[index] >= 200 && ct[index] <= 3000;
    painted += session.labels()[index] == 1 && original[index] != 1;
    ASSERT_FALSE(!inSlice && session.labels()[index] != original[index]) << "outside the slice";
  }
  EXPECT_GT(expected, 0u) << "the phantom's bone lies in the range";
  EXPECT_EQ(painted, expected);
  edits.undo();
  window->findChild<QDoubleSpinBox*>("thresholdMinimum")->setValue(30);
  window->findChild<QDoubleSpinBox*>("thresholdMaximum")->setValue(90);
  ASSERT_NE(session.outline(), nullptr) << "the threshold's live preview";
  window->grab().save(QString::fromStdString(screenshotPath(temp, "studio-threshold.png")));
  previewScreenshot(*window, temp, "toolSmooth", "smoothingKind", 3, "studio-smoothing.png");
  edits.setActiveLabel(5);  // the liver plus the first organ of the list (the spleen)
  previewScreenshot(*window, temp, "toolLogic", "logicOperation", 0, "studio-logic.png");
  edits.setTool("navigate");
  EXPECT_EQ(session.outline(), nullptr) << "leaving the tool removes its preview";
}

/// Drags the mouse in the axial view of `window` along row `j` of slice `k` from `i0` to `i1`.
void dragAlongRow(ui::MainWindow& window, std::size_t k, std::size_t j, std::size_t i0,
                  std::size_t i1) {
  window.session().setCursor({i0, j, k});
  ui::SliceView& axial = window.sliceView(0);
  ASSERT_EQ(axial.slice(), k);
  sendMouse(axial, QEvent::MouseButtonPress, axial.voxelToScreen({i0, j, k}), Qt::LeftButton);
  for (std::size_t i = i0; i <= i1; i += 2)
    sendMouse(axial, QEvent::MouseMove, axial.voxelToScreen({i, j, k}), Qt::LeftButton);
  sendMouse(axial, QEvent::MouseButtonRelease, axial.voxelToScreen({i1, j, k}), Qt::NoButton);
}

/// The longest run of `wanted` voxels along a row of axial slice `k`: {j, first i, last i}.
std::array<std::size_t, 3> longestRun(const image::LabelMap& labels, std::size_t k,
                                      const std::function<bool(std::size_t)>& wanted) {
  std::array<std::size_t, 3> best{0, 0, 0};
  const auto& size = labels.size();
  for (std::size_t j = 0; j < size[1]; ++j)
    for (std::size_t i = 0, start = 0; i <= size[0]; ++i) {
      if (i < size[0] && wanted(labels.geometry().linearIndex(i, j, k))) continue;
      if (i > start + 1 && i - 1 - start > best[2] - best[1]) best = {j, start, i - 1};
      start = i + 1;
    }
  return best;
}

TEST(StudioEditing, GrowFromSeedsWithTheMouseFindsTheLiverAndUndoes) {
  TempFolder temp;
  auto window = openStudio(demoProjectCopy(temp));
  window->activateWindow();
  auto& session = window->session();
  auto& edits = window->editController();
  const image::LabelMap reference = session.labels();
  clearOrgan(*window, 5);
  const image::LabelMap withoutLiver = session.labels();
  ASSERT_EQ(voxelsOf(withoutLiver, 5), 0u);
  window->findChild<QToolButton*>("toolGrow")->click();
  ASSERT_EQ(edits.tool(), "grow");
  edits.setActiveLabel(5);
  edits.setBrushRadius(2);
  const auto& ct = session.caseData().image;
  std::size_t low = reference.size()[2], high = 0;
  for (std::size_t index = 0; index < reference.voxelCount(); ++index)
    if (reference[index] == 5) {
      const auto k = reference.geometry().voxelOf(index)[2];
      low = std::min(low, k), high = std::max(high, k);
    }
  for (const double at : {0.3, 0.5, 0.7}) {  // three liver strokes, inside it
    const auto k = std::size_t(double(low) + at * double(high - low));
    const auto run = longestRun(reference, k, [&](std::size_t v) { return reference[v] == 5; });
    dragAlongRow(*window, k, run[0], run[1] + 3, run[2] - 3);
  }
  window->findChild<QRadioButton*>("growSeedBackground")->click();
  // Background strokes through the body around the liver: in five slices, along the longest
  // run of body outside every organ, and along the rows 8 voxels in front of and behind the
  // liver's widest row.
  const auto outside = [&](std::size_t v) { return reference[v] == 0 && ct[v] > -500; };
  for (const double at : {0.1, 0.3, 0.5, 0.7, 0.9}) {
    const auto k = std::size_t(double(low) + at * double(high - low));
    const auto body = longestRun(reference, k, outside);
    dragAlongRow(*window, k, body[0], body[1] + 1, body[2] - 1);
    const auto liver = longestRun(reference, k, [&](std::size_t v) { return reference[v] == 5; });
    for (const long offset : {-8L, 8L}) {
      const long j = long(liver[0]) + offset;
      if (j < 0 || j >= long(reference.size()[1])) continue;
      const auto& grid = reference.geometry();
      for (std::size_t i = 0; i < reference.size()[0]; ++i) {
        if (!outside(grid.linearIndex(i, std::size_t(j), k))) continue;
        std::size_t end = i;
        while (end + 1 < reference.size()[0] &&
               outside(grid.linearIndex(end + 1, std::size_t(j), k)))
          ++end;
        if (end > i + 2) dragAlongRow(*window, k, std::size_t(j), i, end);
        i = end;
      }
    }
  }
  auto& growth = edits.seedGrowth();
  ASSERT_TRUE(waitUntil([&] { return growth.ready() && !growth.busy(); }, 120000));
  ASSERT_NE(session.outline(), nullptr) << "the growth is previewed";
  session.setCursor({session.cursor()[0], session.cursor()[1], (low + high) / 2});
  window->grab().save(QString::fromStdString(screenshotPath(temp, "studio-grow-from-seeds.png")));
  EXPECT_EQ(session.labels().voxels(), withoutLiver.voxels()) << "nothing changes before Apply";
  window->findChild<QPushButton*>("growApply")->click();
  std::size_t both = 0, grown = 0, truth = 0;
  for (std::size_t index = 0; index < reference.voxelCount(); ++index) {
    both += session.labels()[index] == 5 && reference[index] == 5;
    grown += session.labels()[index] == 5;
    truth += reference[index] == 5;
    ASSERT_FALSE(withoutLiver[index] != 0 && session.labels()[index] != withoutLiver[index])
        << "another organ was overwritten";
  }
  const double dice = 2.0 * double(both) / double(grown + truth);
  std::cout << "grow from seeds in the studio: liver Dice " << dice << " (" << grown << " of "
            << truth << " voxels)\n";
  EXPECT_GE(dice, 0.85);
  EXPECT_TRUE(session.highlighted().empty()) << "the seeds go once applied";
  edits.undo();
  EXPECT_EQ(session.labels().voxels(), withoutLiver.voxels()) << "one undo step";
}

TEST(StudioEditing, EveryToolOfTheTableHasItsButtonMenuEntryAndShortcut) {
  TempFolder temp;
  auto window = openStudio(demoProjectCopy(temp));
  window->activateWindow();
  QStringList menuTexts;
  for (QAction* action : window->findChildren<QAction*>()) menuTexts << action->text();
  for (const auto& tool : ui::editTools()) {
    EXPECT_TRUE(menuTexts.contains(tool.menuText)) << tool.id << " has no Tools menu entry";
    if (tool.kind == ui::ToolKind::Command) {
      EXPECT_NE(window->findChild<QPushButton*>(QString::fromStdString("command-" + tool.id)),
                nullptr)
          << tool.id;
      continue;
    }
    auto* button = window->findChild<QToolButton*>("tool" + tool.name);
    ASSERT_NE(button, nullptr) << tool.id;
    window->editController().setTool("navigate");
    button->click();
    EXPECT_EQ(window->editController().tool(), tool.id) << "its button chooses it";
    window->editController().setTool("navigate");
    QTest::keySequence(window.get(), QKeySequence(tool.shortcut));
    EXPECT_EQ(window->editController().tool(), tool.id) << "its shortcut chooses it";
    EXPECT_TRUE(button->isChecked()) << "the chosen tool's button is checked";
  }
}

}  // namespace voxsiam::test
