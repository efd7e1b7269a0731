#include "storage/export/ProjectExporter.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

#include "core/image/DicomIdentity.h"
#include "core/image/DicomSegWriter.h"
#include "core/image/ImageWriter.h"
#include "core/image/InputError.h"
#include "core/image/RtStructWriter.h"
#include "storage/CaseName.h"
#include "storage/Project.h"
#include "storage/StorageError.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/DicomIdentityRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "storage/services/SegmentProvenance.h"

namespace voxsiam::storage {
namespace {

namespace fs = std::filesystem;

void createFolder(const fs::path& folder) {
  std::error_code error;
  fs::create_directories(folder, error);
  if (error) throw image::InputError(folder.string(), "cannot create folder: " + error.message());
}

void writeTextFile(const fs::path& path, const std::string& text) {
  const fs::path temporary = path.string() + ".partial";
  {
    std::ofstream stream(temporary, std::ios::binary);
    stream << text;
    if (!stream.flush()) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      throw image::InputError(path.string(), "cannot write the file");
    }
  }
  fs::rename(temporary, path);
}

std::string datasetJson(const image::LabelScheme& scheme, std::size_t cases,
                        const std::string& title) {
  nlohmann::json labels = {{"background", 0}};
  for (const auto& entry : scheme.entries()) labels[entry.name] = entry.id;
  const nlohmann::json dataset = {{"name", title},
                                  {"channel_names", {{"0", "CT"}}},
                                  {"labels", labels},
                                  {"numTraining", cases},
                                  {"file_ending", ".nii.gz"}};
  return dataset.dump(2) + "\n";
}

}  // namespace

void ProjectExporter::copyImage(const std::string& hash, const fs::path& target) {
  const fs::path temporary = target.string() + ".partial";
  std::error_code error;
  fs::copy_file(project_.volumes().pathOf(hash), temporary, fs::copy_options::overwrite_existing,
                error);
  if (!error) fs::rename(temporary, target, error);
  if (error) {
    const std::string reason = error.message();
    fs::remove(temporary, error);
    throw image::InputError(target.string(), "cannot write the image: " + reason);
  }
}

std::pair<long long, std::optional<long long>> ProjectExporter::chooseVersion(
    const std::string& caseName, std::optional<long long> versionId) {
  const auto record = repository::CaseRepository(project_.connection()).findByName(caseName);
  if (!record) throw StorageError(caseName, "no such case in " + project_.folder().string());
  repository::LabelVersionRepository versions(project_.connection());
  if (!versionId) {
    auto chosen = versions.latest(record->id, ReviewStatus::Approved);
    if (!chosen) chosen = versions.latest(record->id);
    if (chosen) versionId = chosen->id;
  } else if (versions.info(*versionId).caseId != record->id) {
    throw StorageError(caseName,
                       "label version " + std::to_string(*versionId) + " belongs to another case");
  }
  return {record->id, versionId};
}

std::vector<std::string> ProjectExporter::exportCase(const std::string& caseName,
                                                     std::optional<long long> requested,
                                                     const fs::path& folder) {
  refuseInsideProject(folder);
  const auto [caseId, versionId] = chooseVersion(caseName, requested);
  const auto record = repository::CaseRepository(project_.connection()).get(caseId);
  repository::LabelVersionRepository versions(project_.connection());
  createFolder(folder);
  const std::string stem = caseFileStem(caseName);
  std::vector<std::string> written{(folder / (stem + ".nii.gz")).string()};
  copyImage(record.imageHash, written.front());
  if (versionId) {
    written.push_back((folder / (stem + "_label.nii.gz")).string());
    image::writeLabelMap(versions.load(*versionId), written.back());
  }
  return written;
}

image::DicomIdentity ProjectExporter::exportIdentity(long long caseId,
                                                     const std::string& caseName) {
  repository::DicomIdentityRepository identities(project_.connection());
  if (auto known = identities.find(caseId)) return *known;
  image::DicomIdentity made;
  made.patientId = made.patientName = caseName.substr(0, 64);
  made.studyUid = image::newDicomUid();
  made.frameOfReferenceUid = image::newDicomUid();
  made.modality = "CT";
  identities.put(caseId, made, true);
  return made;
}

void ProjectExporter::refuseInsideProject(const fs::path& target) const {
  std::error_code error;
  const fs::path project = fs::weakly_canonical(project_.folder(), error);
  const fs::path out = fs::weakly_canonical(fs::absolute(target, error), error);
  const auto mismatch = std::mismatch(project.begin(), project.end(), out.begin(), out.end());
  if (mismatch.first == project.end())
    throw image::InputError(target.string(), "lies inside the project folder " +
                                                 project_.folder().string() +
                                                 "; export to a place outside it");
}

ProjectExporter::DicomExport ProjectExporter::prepareDicom(const std::string& caseName,
                                                           std::optional<long long> requested,
                                                           const fs::path& file) {
  refuseInsideProject(file);
  const auto [caseId, versionId] = chooseVersion(caseName, requested);
  if (!versionId) throw StorageError(caseName, "case has no label version to export");
  repository::LabelVersionRepository versions(project_.connection());
  const auto info = versions.info(*versionId);
  DicomExport prepared{info.id, versions.load(info.id), {}};
  image::DicomSegContent& content = prepared.content;
  content.source = exportIdentity(caseId, caseName);
  content.caseName = caseName;
  content.author = info.author;
  content.description = "label version " + std::to_string(info.id) + ", " + toString(info.status);
  content.seriesDescription = "VoxSiam labels " + caseName + " v" + std::to_string(info.id);
  content.algorithms = segmentProvenance(project_, info.id);
  if (file.has_parent_path()) createFolder(file.parent_path());
  return prepared;
}

long long ProjectExporter::exportDicomSeg(const std::string& caseName,
                                          std::optional<long long> requested,
                                          const fs::path& file) {
  const auto prepared = prepareDicom(caseName, requested, file);
  image::writeDicomSeg(prepared.labels, project_.scheme(), prepared.content, file.string());
  return prepared.versionId;
}

long long ProjectExporter::exportRtStruct(const std::string& caseName,
                                          std::optional<long long> requested,
                                          const fs::path& file) {
  const auto prepared = prepareDicom(caseName, requested, file);
  image::writeRtStruct(prepared.labels, project_.scheme(), prepared.content, file.string());
  return prepared.versionId;
}

std::vector<std::string> ProjectExporter::exportNnUnet(const fs::path& folder) {
  refuseInsideProject(folder);
  std::error_code error;
  if (fs::exists(folder, error) && !fs::is_empty(folder, error))
    throw image::InputError(folder.string(),
                            "is not empty; export the nnU-Net layout into a new folder");
  const fs::path building = folder.string() + ".partial";
  fs::remove_all(building, error);
  try {
    const auto exported = writeNnUnet(building);
    fs::remove(folder, error);
    fs::rename(building, folder, error);
    if (error)
      throw image::InputError(folder.string(), "cannot create the folder: " + error.message());
    return exported;
  } catch (...) {
    fs::remove_all(building, error);
    throw;
  }
}

std::vector<std::string> ProjectExporter::writeNnUnet(const fs::path& folder) {
  createFolder(folder / "imagesTr");
  createFolder(folder / "labelsTr");
  repository::CaseRepository cases(project_.connection());
  repository::LabelVersionRepository versions(project_.connection());
  std::vector<std::string> exported;
  for (const auto& summary : cases.list()) {
    const auto approved = versions.latest(summary.id, ReviewStatus::Approved);
    if (!approved) continue;
    const std::string stem = caseFileStem(summary.name);
    copyImage(cases.get(summary.id).imageHash, folder / "imagesTr" / (stem + "_0000.nii.gz"));
    image::writeLabelMap(versions.load(approved->id),
                         (folder / "labelsTr" / (stem + ".nii.gz")).string());
    exported.push_back(summary.name);
  }
  writeTextFile(folder / "dataset.json",
                datasetJson(project_.scheme(), exported.size(), project_.title()));
  return exported;
}

}  // namespace voxsiam::storage
