#include "storage/services/ReviewCarryOver.h"

#include <algorithm>

#include "storage/services/TrainableOrgans.h"

namespace voxsiam::storage {
namespace {

/// Per label id: whether any voxel of it differs between `before` and `after` (same grid).
std::vector<bool> changedLabels(const image::LabelMap& before, const image::LabelMap& after) {
  std::vector<bool> changed(65536, false);
  const auto& a = before.voxels();
  const auto& b = after.voxels();
  for (std::size_t index = 0; index < a.size() && index < b.size(); ++index) {
    if (a[index] != b[index]) changed[a[index]] = changed[b[index]] = true;
  }
  return changed;
}

}  // namespace

std::vector<std::uint16_t> carryOverUnchangedOrgans(repository::LabelVersionRepository& versions,
                                                    const repository::LabelVersionInfo& parent,
                                                    long long newId, const image::LabelMap& labels,
                                                    const image::LabelScheme& scheme,
                                                    const std::string& actor) {
  const auto approved = trainableOrgans(parent, versions.organReviews(parent.id), scheme);
  if (approved.empty()) return {};
  const auto created = versions.info(newId);
  const auto before = versions.load(parent.id);
  if (!before.geometry().sameGrid(labels.geometry())) return {};
  const auto changed = changedLabels(before, labels);
  const auto annotates = [&](std::uint16_t organ) {
    return !created.annotated || std::find(created.annotated->begin(), created.annotated->end(),
                                           organ) != created.annotated->end();
  };
  std::vector<std::uint16_t> carried;
  for (const std::uint16_t organ : approved) {
    if (changed[organ] || !annotates(organ)) continue;
    versions.setOrganStatus(
        newId, organ, ReviewStatus::Approved, actor,
        "unchanged from version " + std::to_string(parent.id) + ", where it was approved");
    carried.push_back(organ);
  }
  return carried;
}

}  // namespace voxsiam::storage
