#include "storage/import/ProjectImporter.h"

#include <filesystem>
#include <optional>
#include <set>

#include "core/image/DicomSegReader.h"
#include "core/image/ImageReader.h"
#include "core/image/InputError.h"
#include "core/image/LabelMapping.h"
#include "core/image/SameLattice.h"
#include "core/image/SchemeLabelReader.h"
#include "core/image/preprocess/Resampling.h"
#include "storage/CaseName.h"
#include "storage/ContentHash.h"
#include "storage/LabelCodec.h"
#include "storage/Project.h"
#include "storage/StorageError.h"
#include "storage/repository/AuditLog.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/DicomIdentityRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "storage/repository/VolumeRepository.h"
#include "storage/sql/Transaction.h"

namespace voxsiam::storage {
namespace {

namespace fs = std::filesystem;
using Outcome = ImportResult::Outcome;

/// The case's label map in the project's scheme, on the image's grid; `leftOut` names the DICOM
/// SEG segments that are not in the scheme.
image::LabelMap readCaseLabels(const ImportItem& item, const image::ImageGeometry& imageGrid,
                               const image::LabelMapping& mapping, const image::LabelScheme& scheme,
                               std::vector<std::string>& leftOut,
                               std::vector<std::string>& merged) {
  auto read = image::readLabelsInScheme(item.label, mapping, scheme, nullptr, &imageGrid);
  leftOut = read.leftOut;
  merged = read.merged;
  image::LabelMap labels = std::move(read.labels);
  const std::uint16_t maxId = scheme.maxId();
  if (!labels.geometry().sameGrid(imageGrid)) {
    if (const auto order = image::sameLattice(labels.geometry(), imageGrid)) {
      labels = image::onLattice(labels, imageGrid, *order);  // same voxels, another axis order
    } else if (!image::isDicomSeg(item.label)) {
      throw image::InputError(item.label,
                              "label grid (size, spacing, origin or direction) differs from "
                              "its image " +
                                  item.image);
    } else {
      labels = image::resampleNearest(labels, imageGrid);
    }
  }
  std::set<std::uint16_t> outside;
  for (const std::uint16_t id : labels.voxels()) {
    if (id > maxId && id != image::kNotAnnotated) outside.insert(id);
  }
  if (!outside.empty()) {
    throw image::InputError(item.label, "holds label " + std::to_string(*outside.begin()) +
                                            ", outside the project's scheme 0.." +
                                            std::to_string(maxId) +
                                            " (give a label mapping with --map)");
  }
  return labels;
}

/// Where the case says it came from: the path, or nothing that could identify the patient.
std::string originOf(const ImportItem& item, const ImportOptions& options) {
  return options.anonymise ? std::string("anonymised DICOM import") : item.image;
}

/// A pseudonym for an anonymised patient: "ANON-" and 8 hex digits of a fresh random UID.
std::string newPseudonym() {
  const std::string uid = image::newDicomUid();
  return "ANON-" + sha256Hex(uid.data(), uid.size()).substr(0, 8);
}

/// Records the case's DICOM identity, anonymised when asked.
void keepDicomIdentity(Project& project, long long caseId, const image::DicomIdentity& identity,
                       const ImportOptions& options) {
  if (!identity.present()) return;
  repository::DicomIdentityRepository(project.connection())
      .put(caseId,
           options.anonymise ? image::anonymisedIdentity(identity, newPseudonym()) : identity);
}

long long findOrAddCase(Project& project, const ImportItem& item, const StoredVolume& stored,
                        const image::ImageGeometry& grid, const ImportOptions& options,
                        bool& added) {
  repository::CaseRepository cases(project.connection());
  if (const auto existing = cases.findByName(item.name)) {
    if (existing->imageHash != stored.hash) {
      throw image::InputError(
          item.image, "case '" + item.name + "' is already in the project with a different image");
    }
    added = false;
    return existing->id;
  }
  repository::VolumeRepository(project.connection()).put(stored, grid);
  const long long id = cases.add(item.name, stored.hash, originOf(item, options));
  repository::AuditLog(project.connection())
      .append(options.author, "case.import", id, std::nullopt, "from " + originOf(item, options));
  added = true;
  return id;
}

bool addLabelVersion(Project& project, long long caseId, const image::LabelMap& labels,
                     const ImportItem& item, const ImportOptions& options) {
  const auto bytes = encodeLabelMap(labels);
  repository::LabelVersionRepository versions(project.connection());
  if (versions.findByContent(caseId, sha256Hex(bytes.data(), bytes.size()))) return false;
  repository::NewLabelVersion version;
  version.caseId = caseId;
  version.parentId = std::nullopt;
  if (const auto latest = versions.latest(caseId)) version.parentId = latest->id;
  version.schemeId = project.schemeId();
  version.author = options.author;
  version.source = LabelSource::Import;
  version.status = options.status;
  version.annotated = options.annotated;
  version.note = "imported from " + (options.anonymise ? originOf(item, options) : item.label) +
                 (image::isDicomSeg(item.label) && options.mapping == "identity"
                      ? " (DICOM SEG segments matched by code and label)"
                      : " (map " + options.mapping + ")");
  versions.save(version, labels);
  return true;
}

/// The structures an import left out, the first few by name.
std::string leftOutNote(const std::vector<std::string>& leftOut,
                        const std::vector<std::string>& merged) {
  constexpr std::size_t kNamed = 6;
  std::string note;
  for (std::size_t line = 0; line < std::min(leftOut.size(), kNamed); ++line)
    note += (note.empty() ? "left out " : "; left out ") + leftOut[line];
  if (leftOut.size() > kNamed)
    note +=
        "; and " + std::to_string(leftOut.size() - kNamed) + " more structures not in the scheme";
  for (const auto& line : merged) note += (note.empty() ? "" : "; ") + line;
  return note;
}

void removeFiles(const std::vector<std::string>& files) {
  std::error_code ignored;
  for (const std::string& file : files) fs::remove(file, ignored);
}

}  // namespace

ImportResult ProjectImporter::importCase(const ImportItem& item, const ImportOptions& options,
                                         const image::LabelMapping& mapping,
                                         const image::LabelScheme& scheme,
                                         std::vector<std::string>& createdFiles) {
  checkCaseName(item.name, item.image);
  image::ImageSource source;
  const image::Volume volume = image::readVolume(item.image, {item.seriesUid}, &source);
  image::LabelMap labels;
  std::vector<std::string> leftOut, merged;
  if (!item.label.empty())
    labels = readCaseLabels(item, volume.geometry(), mapping, scheme, leftOut, merged);
  const StoredVolume stored = VolumeStore::describe(volume);
  const fs::path file = project_.volumes().pathOf(stored.hash);
  sql::Transaction transaction(project_.connection());
  if (!fs::exists(file)) {
    project_.volumes().add(volume, stored);
    createdFiles.push_back(file.string());
  }
  bool caseAdded = false;
  const long long caseId =
      findOrAddCase(project_, item, stored, volume.geometry(), options, caseAdded);
  if (caseAdded) keepDicomIdentity(project_, caseId, source.dicom, options);
  const bool labelAdded =
      !item.label.empty() && addLabelVersion(project_, caseId, labels, item, options);
  transaction.commit();
  const Outcome outcome =
      caseAdded ? Outcome::Added : (labelAdded ? Outcome::LabelAdded : Outcome::Unchanged);
  return {item.name, outcome, "", leftOutNote(leftOut, merged)};
}

std::vector<ImportResult> ProjectImporter::run(
    const std::vector<ImportItem>& items, const ImportOptions& options,
    const std::function<void(const ImportResult&)>& progress) {
  if (project_.readOnly()) {
    throw StorageError(project_.folder().string(), "cannot import: the project is read-only");
  }
  const auto mapping = image::LabelMapping::builtin(options.mapping);
  const image::LabelScheme scheme = project_.scheme();
  std::vector<ImportResult> results;
  std::vector<std::string> createdFiles;
  std::optional<sql::Transaction> whole;
  if (options.allOrNothing) whole.emplace(project_.connection());
  for (const ImportItem& item : items) {
    std::vector<std::string> caseFiles;
    try {
      results.push_back(importCase(item, options, mapping, scheme, caseFiles));
      createdFiles.insert(createdFiles.end(), caseFiles.begin(), caseFiles.end());
    } catch (const std::exception& error) {
      removeFiles(caseFiles);
      results.push_back({item.name, Outcome::Failed, error.what(), ""});
    }
    if (progress) progress(results.back());
    if (options.allOrNothing && results.back().outcome == Outcome::Failed) {
      whole.reset();
      removeFiles(createdFiles);
      return results;
    }
  }
  if (whole) {
    try {
      whole->commit();
    } catch (...) {
      removeFiles(createdFiles);
      throw;
    }
  }
  return results;
}

}  // namespace voxsiam::storage
