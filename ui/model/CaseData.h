#pragma once
#include <optional>
#include <string>
#include <vector>

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
  std::vector<storage::repository::LabelVersionInfo> versions;  ///< all of the case, oldest first
};

/// The version a case opens on: the newest approved one; else the newest made by a person
/// (manual or import) that is not rejected; else the newest that is not a model's prediction;
/// else the newest. Model predictions are never shown over approved labels by default.
std::optional<storage::repository::LabelVersionInfo> versionToShow(
    const std::vector<storage::repository::LabelVersionInfo>& versions);

/// Reads case `caseId` of the project in `projectFolder` with label version `versionId` (default:
/// versionToShow), on the calling thread with its own database connection. Throws StorageError or
/// image::InputError naming the file when the project or the image cannot be read.
CaseData loadCase(const std::string& projectFolder, long long caseId,
                  std::optional<long long> versionId = std::nullopt);

}  // namespace voxsiam::ui
