#include "ui/model/ImportController.h"

#include <QFileInfo>

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
  if (running()) return;
  cancel_ = false;
  const int total = int(items.size());
  job_.start(
      [this, projectFolder, items = std::move(items), options = std::move(options)] {
        return run(projectFolder, items, options);
      },
      [this, total](const TaskOutcome<Totals>& outcome) {
        Totals totals = outcome.result.value_or(Totals{0, 1, false});
        if (!outcome.result) {
          emit caseDone(total - 1, total, {tr("(project)"), tr("failed"), outcome.error, true});
        }
        emit finished(totals.imported, totals.failed, totals.cancelled);
      });
}

ImportController::Totals ImportController::run(const QString& projectFolder,
                                               const std::vector<storage::ImportItem>& items,
                                               const storage::ImportOptions& options) {
  storage::Project project(projectFolder.toStdString());
  storage::ProjectImporter importer(project);
  Totals totals;
  for (int index = 0; index < int(items.size()); ++index) {
    importOne(importer, items, index, options, totals);
  }
  return totals;
}

void ImportController::importOne(storage::ProjectImporter& importer,
                                 const std::vector<storage::ImportItem>& items, int index,
                                 const storage::ImportOptions& options, Totals& totals) {
  const auto& item = items[std::size_t(index)];
  ImportCaseOutcome outcome{QString::fromStdString(item.name), {}, {}};
  totals.cancelled = totals.cancelled || cancel_;
  if (totals.cancelled) {
    outcome.outcome = tr("skipped");
    outcome.detail = tr("import cancelled");
  } else {
    const auto result = importer.run({item}, options).front();
    outcome.outcome = outcomeText(result.outcome);
    outcome.failed = result.outcome == Outcome::Failed;
    outcome.detail = QString::fromStdString(outcome.failed ? result.reason : result.note);
    totals.imported += result.outcome == Outcome::Added || result.outcome == Outcome::LabelAdded;
    totals.failed += outcome.failed;
  }
  const int total = int(items.size());
  job_.post([this, index, total, outcome] { emit caseDone(index, total, outcome); });
}

}  // namespace voxsiam::ui
