#include "ui/widgets/ProjectMenu.h"

#include <QDir>
#include <QFileDialog>
#include <QInputDialog>
#include <QKeySequence>
#include <QMenu>
#include <QWidget>

#include "ui/model/CaseSession.h"
#include "ui/model/CountText.h"
#include "ui/model/ProjectFiles.h"
#include "ui/model/RecentProjects.h"

namespace voxsiam::ui {

ProjectMenu::ProjectMenu(CaseSession& session, QWidget& window)
    : QObject(&window), session_(session), window_(window) {}

void ProjectMenu::fill(QMenu* file, const std::function<void()>& save,
                       const std::function<void()>& import) {
  file->addAction(tr("&New project..."), QKeySequence::New, this, &ProjectMenu::newProject);
  file->addAction(tr("&Open project..."), QKeySequence::Open, this, &ProjectMenu::chooseProject);
  auto* recent = file->addMenu(tr("Open &recent"));
  recent->setObjectName("recentMenu");
  connect(recent, &QMenu::aboutToShow, this, [this, recent] {
    recent->clear();
    for (const QString& folder : RecentProjects::folders())
      recent->addAction(folder, this, [this, folder] { emit openRequested(folder); });
    if (recent->isEmpty()) recent->addAction(tr("(none)"))->setEnabled(false);
  });
  file->addAction(tr("&Save label version"), QKeySequence::Save, this, save);
  file->addSeparator();
  file->addAction(tr("&Import cases..."), QKeySequence(Qt::CTRL | Qt::Key_I), this, import);
  file->addAction(tr("&Export this case (NIfTI image and labels)..."), this,
                  &ProjectMenu::exportShownCase);
  file->addAction(tr("Export this case's labels as DICOM &SEG..."), this,
                  [this] { exportShownCaseAsDicom(false); });
  file->addAction(tr("Export this case's labels as &RTSTRUCT contours..."), this,
                  [this] { exportShownCaseAsDicom(true); });
  file->addAction(tr("Export &approved cases (nnU-Net layout)..."), this,
                  &ProjectMenu::exportApprovedCases);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, &window_, &QWidget::close);
}

void ProjectMenu::newProject() {
  const QString folder = QFileDialog::getSaveFileName(
      &window_, tr("New project: name a new folder (or choose an empty one)"),
      QDir::home().filePath("voxsiam-project"), QString(), nullptr,
      QFileDialog::ShowDirsOnly | QFileDialog::DontConfirmOverwrite);
  if (folder.isEmpty()) return;
  bool given = false;
  const QString title = QInputDialog::getText(&window_, tr("New project"), tr("Title:"),
                                              QLineEdit::Normal, QDir(folder).dirName(), &given);
  if (!given) return;
  const QString scheme =
      QInputDialog::getItem(&window_, tr("New project"), tr("Organ label scheme:"),
                            ProjectFiles::schemeNames(), 0, false, &given);
  if (!given) return;
  try {
    ProjectFiles::create(folder, title, scheme);
  } catch (const std::exception& error) {
    emit failed(tr("Cannot create the project"), QString::fromUtf8(error.what()));
    return;
  }
  emit projectCreated(folder);
}

void ProjectMenu::exportShownCase() {
  if (!session_.hasCase()) {
    emit message(tr("Open a case to export it"));
    return;
  }
  const QString folder = QFileDialog::getExistingDirectory(&window_, tr("Export the case to"));
  if (folder.isEmpty()) return;
  const auto& data = session_.caseData();
  try {
    const QStringList files = ProjectFiles::exportCase(
        session_.projectFolder(), QString::fromStdString(data.name),
        data.version ? std::optional<long long>(data.version->id) : std::nullopt, folder);
    emit message(tr("Wrote %1").arg(files.join(", ")));
  } catch (const std::exception& error) {
    emit failed(tr("Cannot export the case"), QString::fromUtf8(error.what()));
  }
}

void ProjectMenu::exportShownCaseAsDicom(bool contours) {
  if (!session_.hasCase() || !session_.caseData().version) {
    emit message(tr("Open a case with labels to export them as DICOM"));
    return;
  }
  const auto& data = session_.caseData();
  const QString kind = contours ? tr("RTSTRUCT") : tr("DICOM SEG");
  const QString file =
      QFileDialog::getSaveFileName(&window_, tr("Export the labels as %1").arg(kind),
                                   QDir::home().filePath(QString::fromStdString(data.name) +
                                                         (contours ? "_rtstruct.dcm" : "_seg.dcm")),
                                   tr("DICOM (*.dcm)"));
  if (file.isEmpty()) return;
  try {
    const QString name = QString::fromStdString(data.name);
    const long long version =
        contours
            ? ProjectFiles::exportRtStruct(session_.projectFolder(), name, data.version->id, file)
            : ProjectFiles::exportDicomSeg(session_.projectFolder(), name, data.version->id, file);
    emit message(tr("Wrote %1 (%2 of label version %3)").arg(file, kind).arg(version));
  } catch (const std::exception& error) {
    emit failed(tr("Cannot export the labels"), QString::fromUtf8(error.what()));
  }
}

void ProjectMenu::exportApprovedCases() {
  if (!session_.hasProject()) return;
  const QString folder = QFileDialog::getExistingDirectory(
      &window_, tr("Export the approved cases (nnU-Net layout) to"));
  if (folder.isEmpty()) return;
  try {
    const QStringList names = ProjectFiles::exportApproved(session_.projectFolder(), folder);
    emit message(tr("Exported %1 to %2")
                     .arg(countText(int(names.size()), tr("approved case"), tr("approved cases")))
                     .arg(folder));
  } catch (const std::exception& error) {
    emit failed(tr("Cannot export the cases"), QString::fromUtf8(error.what()));
  }
}

void ProjectMenu::chooseProject() {
  const QString folder = QFileDialog::getExistingDirectory(&window_, tr("Open project folder"));
  if (!folder.isEmpty()) emit openRequested(folder);
}

}  // namespace voxsiam::ui
