#pragma once
#include <atomic>
#include <string>

#include "ui/model/TrainingBackend.h"

namespace voxsiam::studio {

/// The regression gate's comparison in the project in `folder`: both models segment every case
/// with approved labels (a version or single organs) that neither model's run trained on, and
/// are scored on that case's approved organs; the other organs' voxels count for neither.
/// Returns the per-organ means; stops early (fewer cases) when `cancel` is set.
ui::GateReport compareInProject(const std::string& folder, long long activeModel,
                                long long newModel, const std::atomic<bool>& cancel);

}  // namespace voxsiam::studio
