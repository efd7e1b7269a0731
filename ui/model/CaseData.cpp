#include "ui/model/CaseData.h"

#include "storage/Project.h"
#include "storage/StorageError.h"
#include "storage/repository/CaseRepository.h"

namespace voxsiam::ui {

std::optional<storage::repository::LabelVersionInfo> versionToShow(
    const std::vector<storage::repository::LabelVersionInfo>& versions) {
  using storage::LabelSource;
  using storage::ReviewStatus;
  const auto newest =
      [&](const auto& wanted) -> std::optional<storage::repository::LabelVersionInfo> {
    for (auto version = versions.rbegin(); version != versions.rend(); ++version) {
      if (wanted(*version)) return *version;
    }
    return std::nullopt;
  };
  if (auto approved = newest([](const auto& v) { return v.status == ReviewStatus::Approved; }))
    return approved;
  if (auto human = newest([](const auto& v) {
        return v.source != LabelSource::Model && v.status != ReviewStatus::Rejected;
      }))
    return human;
  if (auto notModel = newest([](const auto& v) { return v.source != LabelSource::Model; }))
    return notModel;
  return newest([](const auto&) { return true; });
}

CaseData loadCase(const std::string& projectFolder, long long caseId,
                  std::optional<long long> versionId) {
  storage::Project project(projectFolder);
  const auto record = storage::repository::CaseRepository(project.connection()).get(caseId);
  CaseData data;
  data.caseId = caseId;
  data.name = record.name;
  data.image = project.volumes().load(record.imageHash);
  storage::repository::LabelVersionRepository versions(project.connection());
  data.versions = versions.forCase(caseId);
  data.version = versionToShow(data.versions);
  for (const auto& version : data.versions) {
    if (versionId && version.id == *versionId) data.version = version;
  }
  if (data.version) {
    data.labels = versions.load(data.version->id);
    if (!data.labels.geometry().sameGrid(data.image.geometry())) {
      throw storage::StorageError(record.name, "label version grid differs from the image");
    }
  } else {
    data.labels = image::LabelMap(data.image.geometry());
  }
  return data;
}

}  // namespace voxsiam::ui
