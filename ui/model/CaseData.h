#pragma once
#include <optional>
#include <string>

#include "core/image/Image3D.h"
#include "storage/repository/LabelVersionRepository.h"

namespace voxsiam::ui {

/// A case as loaded for viewing: its image and the label version shown (if it has one).
struct CaseData {
  long long caseId = 0;
  std::string name;
  image::Volume image;
  image::LabelMap labels;  ///< empty labels (all 0) when the case has no version
  std::optional<storage::repository::LabelVersionInfo> version;
};

/// Reads case `caseId` of the project in `projectFolder` (its newest label version), on the
/// calling thread with its own database connection. Throws StorageError or InputError naming the
/// file when the project or the image cannot be read.
CaseData loadCase(const std::string& projectFolder, long long caseId);

}  // namespace voxsiam::ui
