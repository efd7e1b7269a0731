// Import from the GUI (dialog, drag and drop, progress, cancel, per-case failures), the layout
// (one-view layout, window/level numbers, the feature-space dock within the screen), organ
// colours that can be told apart, and the t-SNE legend and lasso count.
#include <gtest/gtest.h>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QMimeData>
#include <QMouseEvent>
#include <QPushButton>
#include <QScreen>
#include <QTableView>
#include <QTableWidget>
#include <QUrl>

#include <cmath>
#include <filesystem>

#include "core/image/LabelScheme.h"
#include "core/image/phantom/PhantomGenerator.h"
#include "storage/Project.h"
#include "storage/repository/CaseRepository.h"
#include "tests/ui/StudioHarness.h"
#include "ui/model/CaseSession.h"
#include "ui/model/EmbeddingController.h"
#include "ui/widgets/EmbeddingPanel.h"
#include "ui/widgets/ImportDialog.h"
#include "ui/widgets/ScatterPlotWidget.h"
#include "ui/widgets/SliceView.h"
#include "ui/widgets/SurfaceView.h"

namespace voxsiam::test {
namespace {

namespace fs = std::filesystem;

/// An empty project open in the studio.
std::unique_ptr<ui::MainWindow> studioOnEmptyProject(TempFolder& temp) {
  const std::string folder = temp.file("empty");
  storage::Project::create(folder, {"Imported", "gibson8"});
  auto window = std::make_unique<ui::MainWindow>();
  window->setAskBeforeDiscarding(false);
  window->setAskUserName(false);
  window->resize(1400, 900);
  window->show();
  window->openProject(QString::fromStdString(folder));
  return window;
}

QString resultOf(QTableWidget& cases, const QString& name) {
  for (int row = 0; row < cases.rowCount(); ++row) {
    if (cases.item(row, 0) && cases.item(row, 0)->text() == name && cases.item(row, 3))
      return cases.item(row, 3)->text();
  }
  return {};
}

TEST(StudioImport, TheImportDialogImportsEveryLayoutWithProgressAndPerCaseFailures) {
  TempFolder temp;
  image::phantom::writePhantomDataset(temp.file("phantoms"), 3, 5);
  fs::copy_file(dataPath("totalseg/ct.nii.gz"), temp.file("broken.nii.gz"));
  fs::resize_file(temp.file("broken.nii.gz"), fs::file_size(temp.file("broken.nii.gz")) / 4);
  auto window = studioOnEmptyProject(temp);
  ui::ImportDialog* dialog = window->openImportDialog(
      {QString::fromStdString(temp.file("phantoms")), QString::fromStdString(dataPath("dcmqi")),
       QString::fromStdString(temp.file("broken.nii.gz"))});
  ASSERT_NE(dialog, nullptr);
  EXPECT_EQ(dialog->caseCount(), 5) << "3 phantoms, the DICOM study, the broken image";
  auto* status = dialog->findChild<QComboBox*>("importStatus");
  EXPECT_NE(status->currentText().indexOf("in review"), -1);
  QApplication::processEvents();
  EXPECT_TRUE(dialog->grab().save(
      QString::fromStdString(screenshotPath(temp, "studio-import-before.png"))));
  dialog->startImport();
  ASSERT_TRUE(waitUntil([&] { return !dialog->importing(); }, 120000));
  QApplication::processEvents();
  auto& cases = *dialog->findChild<QTableWidget*>("importCases");
  EXPECT_EQ(resultOf(cases, "phantom_000"), "added");
  EXPECT_EQ(resultOf(cases, "dcmqi"), "added");
  EXPECT_TRUE(resultOf(cases, "broken").startsWith("failed: "))
      << resultOf(cases, "broken").toStdString();
  EXPECT_NE(resultOf(cases, "broken").indexOf("broken.nii.gz"), -1);
  auto* summary = dialog->findChild<QLabel*>("importSummary");
  EXPECT_NE(summary->text().indexOf("4 imported, 1 failed"), -1) << summary->text().toStdString();
  EXPECT_TRUE(
      dialog->grab().save(QString::fromStdString(screenshotPath(temp, "studio-import.png"))));
  EXPECT_EQ(window->caseTable().model()->rowCount(), 4) << "the case browser shows the new cases";
  ASSERT_TRUE(waitUntil([&] { return window->session().hasCase(); }));
}

TEST(StudioImport, CancelStopsBetweenCasesAndDropOnTheCaseBrowserOpensTheImport) {
  TempFolder temp;
  image::phantom::writePhantomDataset(temp.file("phantoms"), 6, 9);
  auto window = studioOnEmptyProject(temp);
  QMimeData data;
  data.setUrls({QUrl::fromLocalFile(QString::fromStdString(temp.file("phantoms")))});
  QWidget* viewport = window->caseTable().viewport();
  const QPoint centre = viewport->rect().center();
  QDragEnterEvent enter(centre, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(viewport, &enter);
  EXPECT_TRUE(enter.isAccepted());
  QDropEvent drop(centre, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(viewport, &drop);
  auto* dialog = window->findChild<ui::ImportDialog*>("importDialog");
  ASSERT_NE(dialog, nullptr) << "dropping a folder did not open the import";
  EXPECT_EQ(dialog->caseCount(), 6);
  dialog->startImport();
  dialog->findChild<QPushButton*>("importCancel")->click();
  ASSERT_TRUE(waitUntil([&] { return !dialog->importing(); }, 120000));
  QApplication::processEvents();
  auto& cases = *dialog->findChild<QTableWidget*>("importCases");
  EXPECT_TRUE(resultOf(cases, "phantom_005").startsWith("skipped"))
      << resultOf(cases, "phantom_005").toStdString();
  storage::Project project(temp.file("empty"));
  EXPECT_LT(storage::repository::CaseRepository(project.connection()).list().size(), 6u);
}

void doubleClick(QWidget& widget) {
  const QPointF point = widget.rect().center();
  QMouseEvent event(QEvent::MouseButtonDblClick, point, widget.mapToGlobal(point), Qt::LeftButton,
                    Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(&widget, &event);
}

TEST(StudioLayout, DoubleClickShowsOneViewAndWindowLevelIsShownAsNumbers) {
  TempFolder temp;
  auto window = openStudio(demoProjectCopy(temp));
  ASSERT_TRUE(window->session().hasCase());
  ui::SliceView& axial = window->sliceView(0);
  const int fourViewsWidth = axial.width();
  doubleClick(axial);
  QApplication::processEvents();
  EXPECT_EQ(window->singleView(), &axial);
  EXPECT_FALSE(window->sliceView(1).isVisible());
  EXPECT_FALSE(window->surfaceView().isVisible());
  EXPECT_GT(axial.width(), fourViewsWidth * 3 / 2);
  EXPECT_TRUE(
      window->grab().save(QString::fromStdString(screenshotPath(temp, "studio-one-view.png"))));
  doubleClick(axial);
  QApplication::processEvents();
  EXPECT_EQ(window->singleView(), nullptr);
  EXPECT_TRUE(window->surfaceView().isVisible());

  auto* windowLevel = window->findChild<QLabel*>("windowLevel");
  ASSERT_NE(windowLevel, nullptr);
  EXPECT_TRUE(windowLevel->text().startsWith("W 450 / L 25")) << windowLevel->text().toStdString();
  window->session().setWindowLevel(1800, 400);
  EXPECT_TRUE(windowLevel->text().startsWith("W 1800 / L 400"));
}

TEST(StudioLayout, TheFeatureSpaceDockKeepsTheWindowOnTheScreen) {
  TempFolder temp;
  auto window = openStudio(demoProjectCopy(temp));
  window->resize(1500, 950);
  window->showFeatureSpace(true);
  QApplication::processEvents();
  const QRect screen = window->screen()->availableGeometry();
  EXPECT_LE(window->frameGeometry().height(), screen.height());
  EXPECT_LE(window->frameGeometry().width(), screen.width());
  window->showFeatureSpace(false);
}

double colourDistance(const std::array<std::uint8_t, 3>& a, const std::array<std::uint8_t, 3>& b) {
  return std::sqrt(std::pow(a[0] - b[0], 2) + std::pow(a[1] - b[1], 2) + std::pow(a[2] - b[2], 2));
}

TEST(StudioLayout, OrganColoursOfTheDefaultSchemeCanBeToldApart) {
  const auto scheme = image::LabelScheme::builtin("gibson8");
  const auto& entries = scheme.entries();
  for (std::size_t a = 0; a < entries.size(); ++a)
    for (std::size_t b = a + 1; b < entries.size(); ++b)
      EXPECT_GT(colourDistance(entries[a].color, entries[b].color), 60)
          << entries[a].name << " and " << entries[b].name << " look alike";
}

TEST(StudioLayout, ScatterPlotHasALegendPointSizesForTheCountAndALassoCount) {
  ui::ScatterPlotWidget plot;
  plot.resize(500, 400);
  plot.setOrganColors({{0, 0, 0}, {157, 108, 162}, {40, 170, 200}},
                      {"background", "spleen", "kidney_left"});
  ui::PlotData few;
  few.title = "model 1";
  for (int index = 0; index < 100; ++index)
    few.points.push_back({double(index % 10), double(index / 10), 1, "c", {}, 1 + index % 2, 1});
  plot.setData(few);
  EXPECT_EQ(plot.legendTexts(), QStringList({"spleen", "kidney_left"}));
  plot.show();
  const QImage fewImage = plot.grab().toImage();
  ui::PlotData many = few;
  many.points.clear();
  for (int index = 0; index < 10000; ++index)
    many.points.push_back({double(index % 100), double(index / 100), 1, "c", {}, 1, 1});
  plot.setData(many);
  EXPECT_EQ(plot.legendTexts(), QStringList({"spleen"}));
  const QImage manyImage = plot.grab().toImage();
  // 100 times the points must not paint 100 times the area.
  const int spleenFew = countColor(fewImage, 157, 108, 162, 10);
  const int spleenMany = countColor(manyImage, 157, 108, 162, 10);
  EXPECT_LT(spleenMany, spleenFew * 40) << spleenFew << " vs " << spleenMany;
  plot.setSelected({1, 2, 3});
  EXPECT_EQ(plot.selectedCount(), 3u);
}

}  // namespace
}  // namespace voxsiam::test
