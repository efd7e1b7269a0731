#pragma once
#include <QString>

#include <vector>

namespace voxsiam::storage {
class Project;
}

namespace voxsiam::ui {

/// How much reviewers changed one model's drafts before approving them.
struct ModelCorrection {
  long long modelId = 0;
  int cases = 0;             ///< approved versions descended from its drafts
  double seconds = 0;        ///< editing time, all of them together
  double voxelsPerCase = 0;  ///< distinct voxels changed per case
  QString mostChangedOrgan;  ///< the organ with the most changed voxels
  long long mostChangedVoxels = 0;
};

/// The correction effort per model, from the recorded corrections (models without: absent).
std::vector<ModelCorrection> correctionsPerModel(storage::Project& project);

/// Every recorded correction as CSV: model, case, draft version, approved version, organ,
/// voxels changed, editing seconds (one row per organ changed; a draft approved unchanged gets
/// one row with organ "none").
QString correctionsCsv(storage::Project& project);

}  // namespace voxsiam::ui
