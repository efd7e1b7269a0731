#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "core/image/LabelScheme.h"
#include "storage/repository/LabelVersionRepository.h"

namespace voxsiam::storage {

/// The organs of label version `version` that may train: those it annotates (every organ of
/// `scheme` when it lists none), less the organs rejected on their own; when the version as a
/// whole is not approved, only the organs approved on their own. The others are "not annotated"
/// for training: never background.
std::vector<std::uint16_t> trainableOrgans(const repository::LabelVersionInfo& version,
                                           const std::vector<repository::OrganReview>& reviews,
                                           const image::LabelScheme& scheme);

/// The label version of case `caseId` that trains: its newest version with at least one
/// trainable organ (approved as a whole, or some organs approved on their own), if any.
std::optional<repository::LabelVersionInfo> trainingVersion(
    repository::LabelVersionRepository& versions, long long caseId,
    const image::LabelScheme& scheme);

/// Per class id 0..scheme.maxId(): whether it trains (background always does), the form
/// core/learn's TrainingVolume::annotated takes.
std::vector<bool> annotationFlags(const std::vector<std::uint16_t>& organs,
                                  const image::LabelScheme& scheme);

}  // namespace voxsiam::storage
