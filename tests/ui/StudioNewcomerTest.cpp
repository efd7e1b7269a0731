// What a newcomer meets in the studio: each test reproduces a defect seen on screen (training that
// cannot start, a SEG's liver shown as spleen, the previous patient left on screen, predictions
// hiding approved labels, unreviewed imports, hidden messages, leaking fill, silent
// interpolation) and checks what the person sees now.
#include <gtest/gtest.h>
#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>
#include <QTimer>
#include <QWheelEvent>

#include <algorithm>
#include <filesystem>

#include "storage/Project.h"
#include "storage/import/ProjectImporter.h"
#include "storage/repository/AuditLog.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "tests/ui/FakeTrainingBackend.h"
#include "tests/ui/StudioHarness.h"
#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"
#include "ui/model/SurfaceController.h"
#include "ui/model/TrainingBackend.h"
#include "ui/model/TrainingController.h"
#include "ui/widgets/MessageArea.h"
#include "ui/widgets/ModelsPanel.h"
#include "ui/widgets/SliceView.h"
#include "ui/widgets/SurfaceView.h"
#include "ui/widgets/TrainingPanel.h"

namespace voxsiam::test {
namespace {

using Voxel = std::array<std::size_t, 3>;
using storage::repository::LabelVersionRepository;

/// A project made from the real TotalSegmentator CT and its organ labels (import, in review).
std::string totalsegProject(TempFolder& temp) {
  const std::string folder = temp.file("totalseg");
  auto project = storage::Project::create(folder, {"TotalSegmentator example", "gibson8"});
  storage::ImportOptions options;
  options.mapping = "totalseg";
  storage::ProjectImporter(project).run({{"example_ct", dataPath("totalseg/ct.nii.gz"),
                                          dataPath("totalseg/seg_totalseg_ids.nii.gz"), ""}},
                                        options);
  return folder;
}

bool waitForCase(ui::MainWindow& window, const std::string& name) {
  return waitUntil([&] {
    return window.session().hasCase() && !window.session().loading() &&
           window.session().caseData().name == name && !window.surfaceController().busy();
  });
}

/// Answers the next QInputDialog called `name` with `text` (accepting) or cancels it.
void answerInputDialog(const QString& name, const QString& text, bool accept, bool* seen) {
  QTimer::singleShot(300, [=] {
    for (QWidget* widget : QApplication::topLevelWidgets()) {
      auto* dialog = qobject_cast<QInputDialog*>(widget);
      if (!dialog || dialog->objectName() != name || !dialog->isVisible()) continue;
      if (seen) *seen = true;
      dialog->setTextValue(text);
      accept ? dialog->accept() : dialog->reject();
    }
  });
}

/// Moves the mouse over `point` of `widget` without a button pressed.
void hover(QWidget& widget, const QPointF& point) {
  QMouseEvent event(QEvent::MouseMove, point, widget.mapToGlobal(point), Qt::NoButton, Qt::NoButton,
                    Qt::NoModifier);
  QApplication::sendEvent(&widget, &event);
}

/// Pixels of `image` that are nearly black (the empty slice background).
double darkShare(const QImage& image) {
  return double(countColor(image, 0, 0, 0, 12)) / double(image.width() * image.height());
}

std::size_t count(const image::LabelMap& labels, std::uint16_t id) {
  return std::size_t(std::count(labels.voxels().begin(), labels.voxels().end(), id));
}

// Item 1
TEST(StudioNewcomer, TrainingCanStartRightAfterAProjectOpensAndSaysWhyNot) {
  TempFolder temp;
  const std::string demo = demoProjectCopy(temp);
  auto window = std::make_unique<ui::MainWindow>();
  window->setAskBeforeDiscarding(false);
  window->setAskUserName(false);
  window->setBackendFactory([](const QString&) { return std::make_shared<FakeTrainingBackend>(); });
  window->show();
  ASSERT_TRUE(window->openProject(QString::fromStdString(demo)));
  auto* start = window->findChild<QPushButton*>("trainingStart");
  auto* reason = window->findChild<QLabel*>("trainingStartReason");
  ASSERT_NE(start, nullptr);
  ASSERT_NE(reason, nullptr);
  EXPECT_TRUE(start->isEnabled()) << reason->text().toStdString();
  EXPECT_TRUE(reason->text().isEmpty());

  const std::string unapproved = totalsegProject(temp);
  ASSERT_TRUE(window->openProject(QString::fromStdString(unapproved)));
  EXPECT_FALSE(start->isEnabled());
  EXPECT_NE(reason->text().indexOf("approved"), -1) << reason->text().toStdString();
}

// Item 2
TEST(StudioNewcomer, TheDicomSegLiverIsShownAsLiver) {
  TempFolder temp;
  const std::string folder = temp.file("dcmqi");
  {
    auto project = storage::Project::create(folder, {"dcmqi", "gibson8"});
    const auto results = storage::ProjectImporter(project).run(
        {{"dcmqi", dataPath("dcmqi"), dataPath("dcmqi/liver.dcm"), ""}}, {});
    ASSERT_EQ(results.size(), 1u);
    ASSERT_EQ(results[0].outcome, storage::ImportResult::Outcome::Added) << results[0].reason;
  }
  auto window = openStudio(folder);
  ASSERT_TRUE(window->session().hasCase());
  const auto& labels = window->session().labels();
  EXPECT_EQ(count(labels, 5), 107098u);
  EXPECT_EQ(count(labels, 1), 0u);
  const auto liverVoxel = std::find(labels.voxels().begin(), labels.voxels().end(), 5);
  const std::size_t index = std::size_t(liverVoxel - labels.voxels().begin());
  const auto& size = labels.size();
  const Voxel voxel{index % size[0], (index / size[0]) % size[1], index / (size[0] * size[1])};
  window->session().setCursor(voxel);
  ui::SliceView& axial = window->sliceView(0);
  hover(axial, axial.voxelToScreen(voxel));
  const QString readout = window->findChild<QLabel*>("positionLabel")->text();
  EXPECT_NE(readout.indexOf("organ: liver"), -1) << readout.toStdString();
}

// Item 3
TEST(StudioNewcomer, OpeningAnotherProjectOrAFailedCaseLeavesNoOldPatientOnScreen) {
  TempFolder temp;
  const std::string demo = demoProjectCopy(temp);
  auto window = openStudio(demo);
  ASSERT_TRUE(window->session().hasCase());
  window->modelsPanel().evaluate(std::nullopt);
  ASSERT_TRUE(waitUntil([&] { return window->modelsPanel().scoreRows() > 0; }));
  ASSERT_LT(darkShare(window->sliceView(0).renderedImage()), 0.9);
  ASSERT_GT(window->surfaceView().scene().organCount(), 0u);

  const std::string empty = temp.file("empty");
  storage::Project::create(empty, {"empty", "gibson8"});
  ASSERT_TRUE(window->openProject(QString::fromStdString(empty)));
  QApplication::processEvents();
  EXPECT_FALSE(window->session().hasCase());
  EXPECT_GT(darkShare(window->sliceView(0).renderedImage()), 0.99) << "old slice still drawn";
  EXPECT_EQ(window->surfaceView().scene().organCount(), 0u) << "old surfaces still shown";
  EXPECT_EQ(window->modelsPanel().scoreRows(), 0) << "old scores still listed";
  EXPECT_EQ(window->findChild<QLabel*>("versionInfo")->text(), "No case open");
  EXPECT_EQ(window->findChild<QLabel*>("suggestionInfo")->text(), "no case open");
  EXPECT_EQ(window->findChild<QComboBox*>("versionPicker")->count(), 0)
      << "the old case's versions are still listed";
  for (const char* button :
       {"review_approved", "review_in_review", "review_rejected", "saveButton"})
    EXPECT_FALSE(window->findChild<QAbstractButton*>(button)->isEnabled()) << button;

  ASSERT_TRUE(window->openProject(QString::fromStdString(demo)));
  ASSERT_TRUE(waitForCase(*window, "phantom_000"));
  EXPECT_FALSE(window->findChild<QAbstractButton*>("review_approved")->isEnabled())
      << "Approve offered for labels that are approved already";
  {
    storage::Project opened(demo);
    const auto record =
        storage::repository::CaseRepository(opened.connection()).findByName("phantom_001");
    const auto file = opened.volumes().pathOf(record->imageHash);
    std::filesystem::resize_file(file, std::filesystem::file_size(file) / 3);
  }
  window->selectCase("phantom_001");
  ASSERT_TRUE(waitUntil([&] { return window->findChild<QMessageBox*>("errorDialog") != nullptr; }));
  QApplication::processEvents();
  EXPECT_FALSE(window->session().hasCase());
  EXPECT_GT(darkShare(window->sliceView(0).renderedImage()), 0.99) << "phantom_000 still drawn";
  EXPECT_EQ(window->surfaceView().scene().organCount(), 0u);
  EXPECT_EQ(window->findChild<QLabel*>("versionInfo")->text(), "No case open");
}

// Item 4
TEST(StudioNewcomer, CasesOpenOnApprovedLabelsAndPredictionsAreOutlinedAndPickable) {
  TempFolder temp;
  const std::string demo = demoProjectCopy(temp);
  long long approvedId = 0, predictionId = 0;
  std::size_t predictionLiver = 0;
  {
    storage::Project project(demo);
    LabelVersionRepository versions(project.connection());
    const auto caseId =
        storage::repository::CaseRepository(project.connection()).findByName("phantom_000")->id;
    const auto approved = versions.latest(caseId, storage::ReviewStatus::Approved);
    ASSERT_TRUE(approved);
    approvedId = approved->id;
    // A model's prediction: the approved organs, 6 voxels off along the first image axis.
    const image::LabelMap approvedLabels = versions.load(approvedId);
    image::LabelMap cube = approvedLabels;
    std::fill(cube.voxels().begin(), cube.voxels().end(), 0);
    for (std::size_t k = 0; k < cube.size()[2]; ++k)
      for (std::size_t j = 0; j < cube.size()[1]; ++j)
        for (std::size_t i = 6; i < cube.size()[0]; ++i)
          cube.at(i, j, k) = approvedLabels.at(i - 6, j, k);
    predictionLiver = count(cube, 5);
    storage::repository::NewLabelVersion prediction;
    prediction.caseId = caseId;
    prediction.schemeId = project.schemeId();
    prediction.author = "model";
    prediction.source = storage::LabelSource::Model;
    predictionId = versions.save(prediction, cube);
  }
  auto window = openStudio(demo);
  ASSERT_TRUE(waitForCase(*window, "phantom_000"));
  ASSERT_TRUE(window->session().caseData().version);
  EXPECT_EQ(window->session().caseData().version->id, approvedId) << "opened on the prediction";

  auto* picker = window->findChild<QComboBox*>("versionPicker");
  ASSERT_NE(picker, nullptr);
  EXPECT_EQ(picker->count(), int(window->session().caseData().versions.size()));
  EXPECT_TRUE(picker->currentText().startsWith("1 ")) << picker->currentText().toStdString();
  EXPECT_NE(picker->itemText(picker->count() - 1).indexOf("model"), -1);

  ASSERT_NE(window->session().outline(), nullptr) << "the prediction is not outlined";
  EXPECT_EQ(count(*window->session().outline(), 5), predictionLiver);
  ui::SliceView& axial = window->sliceView(0);
  const QImage withOutline = axial.grab().toImage();
  picker->showPopup();
  QApplication::processEvents();
  QImage shot = window->grab().toImage();
  QPainter onTop(&shot);
  QWidget* popup = picker->view()->window();
  onTop.drawPixmap(window->mapFromGlobal(popup->mapToGlobal(QPoint(0, 0))), popup->grab());
  onTop.end();
  EXPECT_TRUE(shot.save(QString::fromStdString(screenshotPath(temp, "studio-versions.png"))));
  picker->hidePopup();
  window->findChild<QCheckBox*>("suggestionOutline")->setChecked(false);
  EXPECT_EQ(window->session().outline(), nullptr);
  const QImage without = axial.grab().toImage();
  const auto liver = window->session().scheme().find(5)->color;
  EXPECT_GT(countColor(withOutline, liver[0], liver[1], liver[2], 4),
            countColor(without, liver[0], liver[1], liver[2], 4) + 40)
      << "no outline in the liver's colour drawn";

  picker->setCurrentIndex(picker->count() - 1);
  emit picker->activated(picker->count() - 1);
  EXPECT_EQ(window->session().caseData().version->id, predictionId);
  EXPECT_EQ(count(window->session().labels(), 5), predictionLiver);
  EXPECT_NE(window->findChild<QLabel*>("versionInfo")->text().indexOf("model"), -1);
}

// Item 5
TEST(StudioNewcomer, ApprovalIsConfirmedWithANoteByTheNamedUser) {
  TempFolder temp;
  const std::string project = totalsegProject(temp);
  auto window = std::make_unique<ui::MainWindow>();
  window->setAskBeforeDiscarding(false);
  window->resize(1400, 900);
  window->show();
  bool asked = false;
  answerInputDialog("userNameDialog", "Dr. Reviewer", true, &asked);
  ASSERT_TRUE(window->openProject(QString::fromStdString(project)));
  EXPECT_TRUE(asked) << "the studio did not ask who is reviewing";
  ASSERT_TRUE(waitForCase(*window, "example_ct"));
  EXPECT_EQ(window->session().caseData().version->status, storage::ReviewStatus::InReview)
      << "imports must wait for review";

  auto* approve = window->findChild<QAbstractButton*>("review_approved");
  bool confirmed = false;
  answerInputDialog("approveDialog", "", false, &confirmed);
  approve->click();
  EXPECT_TRUE(confirmed);
  EXPECT_EQ(window->session().caseData().version->status, storage::ReviewStatus::InReview)
      << "cancelled approval applied";
  answerInputDialog("approveDialog", "liver checked", true, nullptr);
  approve->click();
  EXPECT_EQ(window->session().caseData().version->status, storage::ReviewStatus::Approved);
  storage::Project reopened(project);
  const auto audit = storage::repository::AuditLog(reopened.connection())
                         .entries(window->session().caseData().caseId);
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.back().actor, "Dr. Reviewer");
  EXPECT_NE(audit.back().detail.find("liver checked"), std::string::npos) << audit.back().detail;

  asked = false;
  answerInputDialog("userNameDialog", "someone else", true, &asked);
  ASSERT_TRUE(window->openProject(QString::fromStdString(project)));
  QTest::qWait(500);
  EXPECT_FALSE(asked) << "asked again for the same project";
  EXPECT_EQ(window->session().author(), "Dr. Reviewer");
}

// Item 6
TEST(StudioNewcomer, MessagesHaveTheirOwnLineAndTheReadoutFollowsTheWheel) {
  TempFolder temp;
  auto window = openStudio(demoProjectCopy(temp));
  ASSERT_TRUE(window->session().hasCase());
  ui::SliceView& axial = window->sliceView(0);
  const QPoint centre = axial.voxelToScreen(window->session().cursor()).toPoint();
  hover(axial, centre);
  auto* readout = window->findChild<QLabel*>("positionLabel");
  const QString before = readout->text();
  ASSERT_FALSE(before.isEmpty());

  QTest::keyClick(window.get(), Qt::Key_I, Qt::ShiftModifier);
  EXPECT_NE(window->messages().text().indexOf("Removed"), -1)
      << window->messages().text().toStdString();
  EXPECT_TRUE(window->messages().isVisible());
  EXPECT_EQ(readout->text(), before) << "the readout was replaced by the message";

  QWheelEvent wheel(QPointF(centre), axial.mapToGlobal(QPointF(centre)), QPoint(), QPoint(0, 120),
                    Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
  QApplication::sendEvent(&axial, &wheel);
  EXPECT_NE(readout->text(), before) << "the readout kept the old slice's voxel";

  window->selectCase("phantom_001");
  QApplication::processEvents();
  EXPECT_TRUE(readout->text().isEmpty()) << "the readout kept the previous case's voxel";
  ASSERT_TRUE(waitForCase(*window, "phantom_001"));
  EXPECT_NE(window->messages().text().indexOf("phantom_001 loaded"), -1);
}

// Item 7
TEST(StudioNewcomer, FillStaysInsideTheBodyAndFillsAHoleExactly) {
  TempFolder temp;
  auto window = openStudio(totalsegProject(temp));
  ASSERT_TRUE(window->session().hasCase());
  auto& session = window->session();
  auto& editor = window->editController();
  const image::Volume& ct = session.caseData().image;
  const Voxel centre = session.cursor();
  const int axis = window->sliceView(0).frame().normalAxis;

  editor.setActiveLabel(5);
  editor.setTool("fill");
  std::optional<Voxel> gap;
  for (std::size_t i = 0; i < ct.size()[0] && !gap; ++i) {
    const Voxel here{i, centre[1], centre[2]};
    if (session.labels().at(here[0], here[1], here[2]) == 0 && ct.at(here[0], here[1], here[2]) > 0)
      gap = here;
  }
  ASSERT_TRUE(gap) << "no unlabelled soft tissue in the slice";
  const image::LabelMap before = session.labels();
  editor.fillAt(*gap, axis);
  std::size_t filled = 0, air = 0;
  for (std::size_t v = 0; v < before.voxelCount(); ++v) {
    if (before[v] == session.labels()[v]) continue;
    ++filled;
    air += ct[v] <= -500;
  }
  EXPECT_GT(filled, 0u);
  EXPECT_EQ(air, 0u) << "fill leaked into the air around the body";
  EXPECT_NE(window->messages().text().indexOf(QString("Filled %1 voxel").arg(filled)), -1)
      << window->messages().text().toStdString();
  editor.undo();
  EXPECT_NE(window->messages().text().indexOf("Undid fill"), -1);
  ASSERT_EQ(session.labels().voxels(), before.voxels());

  std::optional<Voxel> inLiver;
  for (std::size_t v = 0; v < before.voxelCount() && !inLiver; ++v) {
    const auto& size = before.size();
    const Voxel at{v % size[0], (v / size[0]) % size[1], v / (size[0] * size[1])};
    if (at[2] != centre[2] || at[0] < 3 || at[1] < 3) continue;
    bool surrounded = before[v] == 5;
    for (std::size_t dj = 0; dj < 7 && surrounded; ++dj)
      for (std::size_t di = 0; di < 7 && surrounded; ++di)
        surrounded = before.at(at[0] - 3 + di, at[1] - 3 + dj, at[2]) == 5;
    if (surrounded) inLiver = at;
  }
  ASSERT_TRUE(inLiver) << "no liver interior in the slice";
  editor.setTool("eraser");
  editor.setBrushRadius(3);
  editor.strokeBegin(*inLiver, axis, true);
  editor.strokeEnd();
  const image::LabelMap holed = session.labels();
  const std::size_t hole = count(before, 5) - count(holed, 5);
  ASSERT_GT(hole, 0u);
  editor.setTool("fill");
  editor.fillAt(*inLiver, axis);
  EXPECT_EQ(session.labels().voxels(), before.voxels()) << "fill did not fill just the hole";
}

// Item 8
TEST(StudioNewcomer, InterpolationReshapesBetweenKeySlicesAndSaysWhatItDid) {
  TempFolder temp;
  auto window = openStudio(demoProjectCopy(temp));
  ASSERT_TRUE(window->session().hasCase());
  auto& session = window->session();
  auto& editor = window->editController();
  const int axis = window->sliceView(0).frame().normalAxis;
  editor.setActiveLabel(5);
  const auto result = editor.interpolate(axis);
  EXPECT_EQ(result.changedSlices, 0u);
  EXPECT_NE(result.summary.indexOf("at least two slices"), -1) << result.summary.toStdString();

  // The liver exists on every slice between the two drawn ones: a disc drawn on both must still
  // reshape the slices between them.
  const Voxel cursor = session.cursor();
  Voxel low = cursor, high = cursor;
  low[axis] = cursor[axis] - 3;
  high[axis] = cursor[axis] + 3;
  editor.setTool("brush");
  editor.setBrushRadius(25);
  for (const Voxel& at : {low, high}) {
    editor.strokeBegin(at, axis);
    editor.strokeEnd();
  }
  const image::LabelMap drawn = session.labels();
  QTest::keyClick(window.get(), Qt::Key_I);
  const QString said = window->messages().text();
  EXPECT_NE(said.indexOf("5 slices changed"), -1) << said.toStdString();
  std::size_t changed = 0;
  for (std::size_t v = 0; v < drawn.voxelCount(); ++v) changed += drawn[v] != session.labels()[v];
  EXPECT_GT(changed, 0u);
}

}  // namespace
}  // namespace voxsiam::test
