#include "ui/model/ImportController.h"

#include <QFileInfo>
#include <QMetaObject>

#include "storage/Project.h"
#include "storage/import/ImportSource.h"

namespace voxsiam::ui {
namespace {

using Outcome = storage::ImportResult::Outcome;

QString outcomeText(Outcome outcome) {
  switch (outcome) {
    case Outcome::Added:
      return QObject::tr("added");
    case Outcome::LabelAdded:
      return QObject::tr("new label version");
    case Outcome::Unchanged:
      return QObject::tr("unchanged");
    case Outcome::Failed:
      return QObject::tr("failed");
  }
  return {};
}

}  // namespace

ImportController::ImportController(QObject* parent) : QObject(parent) {
  qRegisterMetaType<ImportCaseOutcome>();
}

ImportController::~ImportController() {
  cancel_ = true;
  if (worker_.joinable()) worker_.join();
}

std::vector<storage::ImportItem> ImportController::scan(
    const std::vector<ImportSourceEntry>& sources, const QString& format) {
  std::vector<storage::ImportItem> items;
  for (const auto& source : sources) {
    if (!source.isLayout) {
      items.push_back(
          storage::importItemForFiles(source.path.toStdString(), source.label.toStdString()));
      continue;
    }
    const auto found = storage::scanImportSource(source.path.toStdString(),
                                                 storage::parseImportFormat(format.toStdString()));
    items.insert(items.end(), found.begin(), found.end());
  }
  return items;
}

ImportSourceEntry ImportController::sourceForPath(const QString& path) {
  return {path, QString(), QFileInfo(path).isDir()};
}

void ImportController::start(const QString& projectFolder, std::vector<storage::ImportItem> items,
                             storage::ImportOptions options) {
  if (running_) return;
  if (worker_.joinable()) worker_.join();
  cancel_ = false;
  running_ = true;
  worker_ = std::thread(&ImportController::run, this, projectFolder, std::move(items),
                        std::move(options));
}

void ImportController::run(QString projectFolder, std::vector<storage::ImportItem> items,
                           storage::ImportOptions options) {
  int imported = 0, failed = 0;
  const int total = int(items.size());
  bool cancelled = false;
  try {
    storage::Project project(projectFolder.toStdString());
    storage::ProjectImporter importer(project);
    for (int index = 0; index < total; ++index) {
      ImportCaseOutcome outcome{QString::fromStdString(items[std::size_t(index)].name), {}, {}};
      cancelled = cancelled || cancel_;
      if (cancelled) {
        outcome.outcome = tr("skipped");
        outcome.detail = tr("import cancelled");
      } else {
        const auto result = importer.run({items[std::size_t(index)]}, options).front();
        outcome.outcome = outcomeText(result.outcome);
        outcome.failed = result.outcome == Outcome::Failed;
        outcome.detail = QString::fromStdString(outcome.failed ? result.reason : result.note);
        imported += result.outcome == Outcome::Added || result.outcome == Outcome::LabelAdded;
        failed += outcome.failed;
      }
      QMetaObject::invokeMethod(
          this, [this, index, total, outcome] { emit caseDone(index, total, outcome); },
          Qt::QueuedConnection);
    }
  } catch (const std::exception& error) {
    ImportCaseOutcome outcome{tr("(project)"), tr("failed"), QString::fromUtf8(error.what()), true};
    ++failed;
    QMetaObject::invokeMethod(
        this, [this, total, outcome] { emit caseDone(total - 1, total, outcome); },
        Qt::QueuedConnection);
  }
  running_ = false;
  QMetaObject::invokeMethod(
      this, [this, imported, failed, cancelled] { emit finished(imported, failed, cancelled); },
      Qt::QueuedConnection);
}

}  // namespace voxsiam::ui
