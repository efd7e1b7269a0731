#include "storage/services/CorrectionEffort.h"

#include <map>

namespace voxsiam::storage {
namespace {

std::vector<std::pair<std::uint16_t, long long>> changedPerOrgan(const image::LabelMap& draft,
                                                                 const image::LabelMap& approved) {
  std::map<std::uint16_t, long long> counts;
  const auto& before = draft.voxels();
  const auto& after = approved.voxels();
  for (std::size_t index = 0; index < before.size() && index < after.size(); ++index) {
    if (before[index] == after[index]) continue;
    if (before[index] != 0) ++counts[before[index]];
    if (after[index] != 0) ++counts[after[index]];
  }
  return {counts.begin(), counts.end()};
}

}  // namespace

std::optional<repository::Correction> recordCorrection(
    repository::LabelVersionRepository& versions, repository::CorrectionRepository& corrections,
    long long approvedId) {
  repository::Correction correction;
  correction.versionId = approvedId;
  auto current = versions.info(approvedId);
  while (current.source != LabelSource::Model) {
    correction.seconds += corrections.editTime(current.id).value_or(0.0);
    if (!current.parentId) return std::nullopt;
    current = versions.info(*current.parentId);
  }
  if (!current.modelId) return std::nullopt;
  correction.modelId = *current.modelId;
  correction.draftVersionId = current.id;
  const auto draft = versions.load(current.id);
  const auto approved = versions.load(approvedId);
  if (!draft.geometry().sameGrid(approved.geometry())) return std::nullopt;
  correction.voxelsChanged = changedPerOrgan(draft, approved);
  corrections.record(correction);
  return correction;
}

}  // namespace voxsiam::storage
