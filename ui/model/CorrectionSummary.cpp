#include "ui/model/CorrectionSummary.h"

#include <QStringList>

#include <map>

#include "storage/Project.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/CorrectionRepository.h"
#include "storage/repository/LabelVersionRepository.h"

namespace voxsiam::ui {

std::vector<ModelCorrection> correctionsPerModel(storage::Project& project) {
  const auto scheme = project.scheme();
  std::map<long long, ModelCorrection> models;
  std::map<long long, std::map<std::uint16_t, long long>> organs;
  for (const auto& correction :
       storage::repository::CorrectionRepository(project.connection()).list()) {
    auto& model = models[correction.modelId];
    model.modelId = correction.modelId;
    model.cases += 1;
    model.seconds += correction.seconds;
    model.voxelsPerCase += double(correction.voxels);
    for (const auto& [organ, voxels] : correction.voxelsChanged)
      organs[correction.modelId][organ] += voxels;
  }
  std::vector<ModelCorrection> result;
  for (auto& [id, model] : models) {
    model.voxelsPerCase /= double(model.cases);
    for (const auto& [organ, voxels] : organs[id]) {
      if (voxels <= model.mostChangedVoxels) continue;
      model.mostChangedVoxels = voxels;
      model.mostChangedOrgan = QString::fromStdString(scheme.nameOf(organ));
    }
    result.push_back(model);
  }
  return result;
}

QString correctionsCsv(storage::Project& project) {
  const auto scheme = project.scheme();
  storage::repository::LabelVersionRepository versions(project.connection());
  storage::repository::CaseRepository cases(project.connection());
  QStringList lines{"model,case,draft_version,approved_version,organ,voxels_changed,seconds"};
  for (const auto& correction :
       storage::repository::CorrectionRepository(project.connection()).list()) {
    const auto name = cases.get(versions.info(correction.versionId).caseId).name;
    const auto row = [&](const std::string& organ, long long voxels) {
      lines << QString("%1,%2,%3,%4,%5,%6,%7")
                   .arg(correction.modelId)
                   .arg(QString::fromStdString(name))
                   .arg(correction.draftVersionId)
                   .arg(correction.versionId)
                   .arg(QString::fromStdString(organ))
                   .arg(voxels)
                   .arg(correction.seconds, 0, 'f', 2);
    };
    if (correction.voxelsChanged.empty()) row("none", 0);
    for (const auto& [organ, voxels] : correction.voxelsChanged) row(scheme.nameOf(organ), voxels);
  }
  return lines.join("\n") + "\n";
}

}  // namespace voxsiam::ui
