#include "ui/model/CaseData.h"

#include "storage/Project.h"
#include "storage/StorageError.h"
#include "storage/repository/CaseRepository.h"

namespace voxsiam::ui {

CaseData loadCase(const std::string& projectFolder, long long caseId) {
  storage::Project project(projectFolder);
  const auto record = storage::repository::CaseRepository(project.connection()).get(caseId);
  CaseData data;
  data.caseId = caseId;
  data.name = record.name;
  data.image = project.volumes().load(record.imageHash);
  storage::repository::LabelVersionRepository versions(project.connection());
  data.version = versions.latest(caseId);
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
