#pragma once
#include <string>

#include "core/segment/Segmenter.h"

namespace voxsiam::studio {

/// Prediction in a project: segments case `caseId` with model `modelId` and stores the result as
/// a draft label version (source: that model) scored against the approved labels (Dice, HD95,
/// ASSD); predicting again with the same model and the same result adds no version. Returns the
/// version's id. The draft keeps the model's per-voxel uncertainty (normalised entropy of its
/// tempered probabilities; storage::repository::UncertaintyRepository). Opens its own connection to
/// the project in `folder`.
long long predictIntoProject(const std::string& folder, long long modelId, long long caseId);

/// Segments case `caseId` of the project in `folder` with model `modelId` (labels and
/// uncertainty on the case's grid) without storing anything.
segment::Segmentation segmentCaseInProject(const std::string& folder, long long modelId,
                                           long long caseId);

}  // namespace voxsiam::studio
