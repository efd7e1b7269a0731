#include "app/studio/ProjectPrediction.h"

#include "core/segment/Segmenter.h"
#include "storage/ContentHash.h"
#include "storage/LabelCodec.h"
#include "storage/Project.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "storage/repository/ModelRepository.h"
#include "storage/repository/UncertaintyRepository.h"
#include "storage/services/LabelVersionService.h"

namespace voxsiam::studio {

segment::Segmentation segmentCaseInProject(const std::string& folder, long long modelId,
                                           long long caseId) {
  storage::Project project(folder);
  const auto model = storage::repository::ModelRepository(project.connection()).get(modelId);
  const auto record = storage::repository::CaseRepository(project.connection()).get(caseId);
  const segment::Segmenter segmenter((project.folder() / model.checkpoint).string(), "auto");
  return segmenter.segmentWithUncertainty(project.volumes().load(record.imageHash));
}

long long predictIntoProject(const std::string& folder, long long modelId, long long caseId) {
  storage::Project project(folder);
  const auto model = storage::repository::ModelRepository(project.connection()).get(modelId);
  const auto result = segmentCaseInProject(folder, modelId, caseId);
  const image::LabelMap& labels = result.labels;
  storage::repository::LabelVersionRepository versions(project.connection());
  storage::repository::UncertaintyRepository uncertainty(project.connection());
  const auto bytes = storage::encodeLabelMap(labels);
  if (const auto same =
          versions.findByContent(caseId, storage::sha256Hex(bytes.data(), bytes.size()))) {
    const auto existing = versions.info(*same);
    if (existing.source == storage::LabelSource::Model && existing.modelId == modelId) {
      if (!uncertainty.has(*same)) uncertainty.put(*same, result.uncertainty);
      return *same;  // predicting again with the same model adds no version
    }
  }
  storage::repository::NewLabelVersion version;
  version.caseId = caseId;
  if (const auto latest = versions.latest(caseId)) version.parentId = latest->id;
  version.schemeId = project.schemeId();
  version.author = "model " + std::to_string(modelId);
  version.source = storage::LabelSource::Model;
  version.modelId = modelId;
  version.note = "prediction of " + model.name;
  const long long id =
      storage::LabelVersionService(project).saveAndScore(version, labels, storage::Scoring::Full);
  uncertainty.put(id, result.uncertainty);
  return id;
}

}  // namespace voxsiam::studio
