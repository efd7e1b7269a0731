#include "ui/model/ProjectFiles.h"

#include "core/image/LabelScheme.h"
#include "storage/Project.h"
#include "storage/export/ProjectExporter.h"

namespace voxsiam::ui {
namespace {

QStringList toList(const std::vector<std::string>& texts) {
  QStringList list;
  for (const auto& text : texts) list << QString::fromStdString(text);
  return list;
}

}  // namespace

void ProjectFiles::create(const QString& folder, const QString& title, const QString& scheme) {
  storage::Project::create(folder.toStdString(), {title.toStdString(), scheme.toStdString()});
}

QStringList ProjectFiles::schemeNames() {
  QStringList names{"gibson8"};
  for (const auto& name : image::LabelScheme::builtinNames()) {
    if (name != "gibson8") names << QString::fromStdString(name);
  }
  return names;
}

QStringList ProjectFiles::exportCase(const QString& projectFolder, const QString& caseName,
                                     std::optional<long long> versionId, const QString& outFolder) {
  storage::Project project(projectFolder.toStdString());
  return toList(storage::ProjectExporter(project).exportCase(caseName.toStdString(), versionId,
                                                             outFolder.toStdString()));
}

long long ProjectFiles::exportDicomSeg(const QString& projectFolder, const QString& caseName,
                                       std::optional<long long> versionId, const QString& file) {
  storage::Project project(projectFolder.toStdString());
  return storage::ProjectExporter(project).exportDicomSeg(caseName.toStdString(), versionId,
                                                          file.toStdString());
}

long long ProjectFiles::exportRtStruct(const QString& projectFolder, const QString& caseName,
                                       std::optional<long long> versionId, const QString& file) {
  storage::Project project(projectFolder.toStdString());
  return storage::ProjectExporter(project).exportRtStruct(caseName.toStdString(), versionId,
                                                          file.toStdString());
}

QStringList ProjectFiles::exportApproved(const QString& projectFolder, const QString& outFolder) {
  storage::Project project(projectFolder.toStdString());
  return toList(storage::ProjectExporter(project).exportNnUnet(outFolder.toStdString()));
}

}  // namespace voxsiam::ui
