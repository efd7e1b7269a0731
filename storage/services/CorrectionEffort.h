#pragma once
#include <optional>

#include "storage/repository/CorrectionRepository.h"
#include "storage/repository/LabelVersionRepository.h"

namespace voxsiam::storage {

/// When version `approvedId` is or descends (through its parents) from a model's draft, or it or
/// an ancestor took organs from one ("Take organ"): records and returns what the correction
/// took, the voxels changed per organ from that draft to it (each voxel that left or joined an
/// organ counts for that organ; only the organs taken, when organs were taken), the distinct
/// voxels changed and the editing time recorded for the versions after the draft up to it.
/// std::nullopt (nothing recorded) without such a draft.
std::optional<repository::Correction> recordCorrection(
    repository::LabelVersionRepository& versions, repository::CorrectionRepository& corrections,
    long long approvedId);

}  // namespace voxsiam::storage
