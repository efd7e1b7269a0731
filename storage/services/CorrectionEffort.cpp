#include "storage/services/CorrectionEffort.h"

#include <map>
#include <set>

namespace voxsiam::storage {
namespace {

/// Voxels changed per organ from `draft` to `approved`, and in all, counting only `organs` when
/// given (those taken from the draft; else every organ).
void countChanges(const image::LabelMap& draft, const image::LabelMap& approved,
                  const std::optional<std::set<std::uint16_t>>& organs,
                  repository::Correction& correction) {
  std::map<std::uint16_t, long long> counts;
  const auto& before = draft.voxels();
  const auto& after = approved.voxels();
  const auto counted = [&](std::uint16_t organ) {
    return organ != 0 && (!organs || organs->count(organ));
  };
  for (std::size_t index = 0; index < before.size() && index < after.size(); ++index) {
    const std::uint16_t was = before[index], is = after[index];
    if (was == is || (!counted(was) && !counted(is))) continue;
    if (counted(was)) ++counts[was];
    if (counted(is)) ++counts[is];
    ++correction.voxels;
  }
  correction.voxelsChanged.assign(counts.begin(), counts.end());
}

}  // namespace

std::optional<repository::Correction> recordCorrection(
    repository::LabelVersionRepository& versions, repository::CorrectionRepository& corrections,
    long long approvedId) {
  repository::Correction correction;
  correction.versionId = approvedId;
  std::optional<std::set<std::uint16_t>> organs;  // the organs taken, when not the whole draft
  auto current = versions.info(approvedId);
  while (current.source != LabelSource::Model) {
    correction.seconds += corrections.editTime(current.id).value_or(0.0);
    const auto sources = corrections.draftSources(current.id);
    if (!sources.empty()) {
      correction.draftVersionId = sources.back().draftVersionId;
      organs.emplace();
      for (const auto& source : sources)
        if (source.draftVersionId == correction.draftVersionId) organs->insert(source.organ);
      break;
    }
    if (!current.parentId) return std::nullopt;
    current = versions.info(*current.parentId);
  }
  const auto draftInfo = organs ? versions.info(correction.draftVersionId) : current;
  if (draftInfo.source != LabelSource::Model || !draftInfo.modelId) return std::nullopt;
  correction.modelId = *draftInfo.modelId;
  correction.draftVersionId = draftInfo.id;
  const auto draft = versions.load(draftInfo.id);
  const auto approved = versions.load(approvedId);
  if (!draft.geometry().sameGrid(approved.geometry())) return std::nullopt;
  countChanges(draft, approved, organs, correction);
  corrections.record(correction);
  return correction;
}

}  // namespace voxsiam::storage
