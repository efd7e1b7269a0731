#pragma once
#include <atomic>
#include <functional>
#include <string>

#include "ui/model/TrainingBackend.h"

namespace voxsiam::studio {

/// Embedding in a project: extracts voxel features of the request's cases (labels: the newest
/// approved version, else the newest) with its model, lays them out with t-SNE and stores the
/// embedding; returns its id, or 0 when cancelled. `progress` gets a line per stage. Opens its
/// own connection to the project in `folder`.
long long embedIntoProject(const std::string& folder, const ui::EmbeddingRequest& request,
                           const std::function<void(const std::string&)>& progress,
                           const std::atomic<bool>& cancel);

}  // namespace voxsiam::studio
