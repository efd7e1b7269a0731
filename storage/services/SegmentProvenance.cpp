#include "storage/services/SegmentProvenance.h"

#include "storage/Project.h"
#include "storage/repository/CorrectionRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "storage/repository/ModelRepository.h"

namespace voxsiam::storage {
namespace {

std::string modelName(Project& project, const std::optional<long long>& modelId) {
  if (!modelId) return "VoxSiam model";
  return repository::ModelRepository(project.connection()).get(*modelId).name;
}

}  // namespace

std::map<std::uint16_t, image::SegmentAlgorithm> segmentProvenance(Project& project,
                                                                   long long versionId) {
  repository::LabelVersionRepository versions(project.connection());
  repository::CorrectionRepository corrections(project.connection());
  std::map<std::uint16_t, image::SegmentAlgorithm> made;
  auto version = versions.info(versionId);
  const bool isDraft = version.source == LabelSource::Model;
  const std::string everyOrgan = isDraft ? "AUTOMATIC" : "SEMIAUTOMATIC";
  for (std::optional<long long> id = versionId; id; id = version.parentId) {
    version = versions.info(*id);
    for (const auto& taken : corrections.draftSources(*id)) {
      const auto draft = versions.info(taken.draftVersionId);
      made.emplace(taken.organ,
                   image::SegmentAlgorithm{"SEMIAUTOMATIC", modelName(project, draft.modelId)});
    }
    if (version.source != LabelSource::Model) continue;
    const image::SegmentAlgorithm fromModel{everyOrgan, modelName(project, version.modelId)};
    const image::LabelScheme scheme = project.scheme();  // by value: keep it for the loop
    for (const auto& entry : scheme.entries()) made.emplace(entry.id, fromModel);
    return made;
  }
  return made;
}

}  // namespace voxsiam::storage
