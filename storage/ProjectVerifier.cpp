#include "storage/ProjectVerifier.h"

#include <filesystem>

#include "storage/PartialFiles.h"
#include "storage/Project.h"
#include "storage/VolumeStore.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "storage/repository/VolumeRepository.h"

namespace voxsiam::storage {

std::vector<std::string> ProjectVerifier::verify() {
  std::vector<std::string> problems;
  const std::string sqlite = project_.integrityCheck();
  if (sqlite != "ok") problems.push_back("database: " + sqlite);
  for (const auto& summary : repository::CaseRepository(project_.connection()).list())
    verifyCase(summary.id, problems);
  verifyLeftovers(problems);
  return problems;
}

void ProjectVerifier::verifyCase(long long caseId, std::vector<std::string>& problems) {
  const auto record = repository::CaseRepository(project_.connection()).get(caseId);
  const std::string name = "case " + record.name + ": ";
  image::ImageGeometry grid;
  try {
    image::Volume volume = project_.volumes().load(record.imageHash);
    grid = volume.geometry();
    const auto stored =
        repository::VolumeRepository(project_.connection()).geometry(record.imageHash);
    if (!stored || !stored->sameGrid(grid))
      problems.push_back(name + "image geometry differs from the one recorded at import");
    // The name hashes the geometry as imported (full precision; the file keeps it in float32).
    if (stored && stored->sameGrid(grid)) {
      image::Volume recorded(*stored);
      recorded.voxels() = std::move(volume.voxels());
      volume = std::move(recorded);
    }
    if (VolumeStore::describe(volume).hash != record.imageHash)
      problems.push_back(name + "image file " + record.imageHash +
                         ".nii.gz does not hash to its name (swapped or altered)");
  } catch (const std::exception& error) {
    problems.push_back(name + error.what());
    return;
  }
  repository::LabelVersionRepository versions(project_.connection());
  for (const auto& version : versions.forCase(caseId)) {
    try {
      if (!versions.load(version.id).geometry().sameGrid(grid))
        problems.push_back(name + "label version " + std::to_string(version.id) +
                           " is not on the image's grid");
    } catch (const std::exception& error) {
      problems.push_back(name + error.what());
    }
  }
}

void ProjectVerifier::verifyLeftovers(std::vector<std::string>& problems) {
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator(project_.folder() / "volumes", error)) {
    const std::string file = entry.path().filename().string();
    if (isPartialFileName(file))
      problems.push_back("volumes/" + file +
                         " is a partial file (of a write in progress, or an interrupted one)");
  }
}

}  // namespace voxsiam::storage
