// The File menu's DICOM exports, driven as a person would: the menu entry, the save dialog,
// the message line, and the written object read back.
#include <gtest/gtest.h>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QMenuBar>
#include <QTableView>
#include <QTimer>

#include <algorithm>
#include <filesystem>

#include "core/image/ImageReader.h"
#include "core/image/LabelMapping.h"
#include "core/image/LabelScheme.h"
#include "core/image/SchemeLabelReader.h"
#include "storage/Project.h"
#include "storage/import/ProjectImporter.h"
#include "tests/ui/StudioHarness.h"
#include "ui/model/CaseSession.h"
#include "ui/widgets/MessageArea.h"

namespace voxsiam::test {
namespace {

/// The File menu's action whose text holds `words`, or nullptr.
QAction* fileAction(ui::MainWindow& window, const QString& words) {
  for (QAction* top : window.menuBar()->actions()) {
    if (!top->menu()) continue;
    for (QAction* action : top->menu()->actions())
      if (QString(action->text()).remove('&').contains(words)) return action;
  }
  return nullptr;
}

/// Answers the next save dialog in `folder`, keeping the file name it proposes, as a person
/// choosing a folder and pressing Save.
void answerSaveDialog(const QString& folder) {
  auto* timer = new QTimer;
  QObject::connect(timer, &QTimer::timeout, [timer, folder] {
    auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
    if (!dialog) return;
    timer->stop();
    timer->deleteLater();
    dialog->setDirectory(folder);
    QMetaObject::invokeMethod(dialog, "accept");
  });
  timer->start(50);
}

std::string dcmqiProject(TempFolder& temp) {
  const std::string folder = temp.file("dcmqi");
  auto project = storage::Project::create(folder, {"dcmqi", "gibson8"});
  const auto results = storage::ProjectImporter(project).run(
      {{"dcmqi", dataPath("dcmqi"), dataPath("dcmqi/liver.dcm"), ""}}, {});
  EXPECT_EQ(results.at(0).outcome, storage::ImportResult::Outcome::Added);
  return folder;
}

std::size_t liverVoxelsIn(const std::string& file) {
  const image::ImageGeometry grid = image::readVolume(dataPath("dcmqi")).geometry();
  const auto read = image::readLabelsInScheme(
      file, image::LabelMapping(), image::LabelScheme::builtin("gibson8"), nullptr, &grid);
  return std::size_t(std::count(read.labels.voxels().begin(), read.labels.voxels().end(), 5));
}

/// The text the case browser shows in column `title` of its first row, or "(no such column)".
QString caseBrowserCell(ui::MainWindow& window, const QString& title) {
  for (auto* view : window.findChildren<QAbstractItemView*>()) {
    const QAbstractItemModel* model = view->model();
    if (!model || model->rowCount() == 0) continue;
    for (int column = 0; column < model->columnCount(); ++column)
      if (model->headerData(column, Qt::Horizontal).toString() == title &&
          model->headerData(0, Qt::Horizontal).toString() == "Case")
        return model->data(model->index(0, column)).toString();
  }
  return "(no such column)";
}

TEST(StudioExport, CaseBrowserShowsTheDicomStudyOfADicomCase) {
  TempFolder temp;
  auto window = openStudio(dcmqiProject(temp));
  EXPECT_EQ(caseBrowserCell(*window, "Study").toStdString(), "99000 2003-04-17");
  const auto* table = window->findChild<QTableView*>("caseTable");
  ASSERT_NE(table, nullptr);
  EXPECT_FALSE(table->isColumnHidden(6)) << "shown where a case came from DICOM";
}

TEST(StudioExport, ACaseBrowserWithoutDicomCasesHidesTheStudyColumn) {
  TempFolder temp;
  auto window = openStudio(demoProjectCopy(temp));
  const auto* table = window->findChild<QTableView*>("caseTable");
  ASSERT_NE(table, nullptr);
  EXPECT_TRUE(table->isColumnHidden(6)) << "phantoms have no DICOM study";
  EXPECT_FALSE(table->isColumnHidden(5)) << "the Organs column stays";
}

TEST(StudioExport, FileMenuWritesTheShownLabelsAsSegAndAsRtStruct) {
  TempFolder temp;
  auto window = openStudio(dcmqiProject(temp));
  ASSERT_TRUE(window->session().hasCase());
  const struct {
    QString menuWords, file, kind;
  } exports[] = {{"DICOM SEG", "dcmqi_seg.dcm", "DICOM SEG"},
                 {"RTSTRUCT", "dcmqi_rtstruct.dcm", "RTSTRUCT"}};
  for (const auto& entry : exports) {
    QAction* action = fileAction(*window, entry.menuWords);
    ASSERT_NE(action, nullptr) << entry.menuWords.toStdString();
    const QString path = QString::fromStdString(temp.file(entry.file.toStdString()));
    answerSaveDialog(QString::fromStdString(temp.path().string()));
    action->trigger();
    ASSERT_TRUE(waitUntil([&] { return std::filesystem::exists(path.toStdString()); }, 20000))
        << window->messages().text().toStdString();
    const QString shown = window->messages().text();
    EXPECT_TRUE(shown.contains(entry.kind + " of label version")) << shown.toStdString();
    EXPECT_EQ(liverVoxelsIn(path.toStdString()), 107098u) << entry.kind.toStdString();
  }
}

}  // namespace
}  // namespace voxsiam::test
