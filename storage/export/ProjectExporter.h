#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/image/DicomSegWriter.h"

namespace voxsiam::storage {

class Project;

/// Writes a project's images and labels back out as files.
class ProjectExporter {
 public:
  explicit ProjectExporter(Project& project) : project_(project) {}

  /// Writes case `caseName` as `folder`/NAME.nii.gz and, when it has one, its label version
  /// (`versionId`, or the newest approved, or else the newest) as `folder`/NAME_label.nii.gz: the
  /// "pairs" import layout. Returns the files written. Throws StorageError for an unknown case or
  /// a version of another case, image::InputError when a file cannot be written.
  std::vector<std::string> exportCase(const std::string& caseName,
                                      std::optional<long long> versionId,
                                      const std::filesystem::path& folder);

  /// Writes label version `versionId` of case `caseName` (or the newest approved, or else the
  /// newest) as a DICOM SEG object at `file`: one segment per organ with voxels, with the
  /// scheme's codes, how each organ was made (see segmentProvenance), the version's author and
  /// review status; a case imported from DICOM joins its study and references its series.
  /// Returns the version written. Throws StorageError for an unknown case, a version of
  /// another case or a case without labels, image::InputError when the file cannot be written.
  long long exportDicomSeg(const std::string& caseName, std::optional<long long> versionId,
                           const std::filesystem::path& file);

  /// As exportDicomSeg, as a DICOM RT Structure Set: one ROI per organ, closed planar contours
  /// per slice (see image::writeRtStruct).
  long long exportRtStruct(const std::string& caseName, std::optional<long long> versionId,
                           const std::filesystem::path& file);

  /// Writes every case that has an approved label version in the nnU-Net layout under `folder`:
  /// imagesTr/NAME_0000.nii.gz, labelsTr/NAME.nii.gz (newest approved version) and dataset.json
  /// with the project's label scheme. Returns the names of the cases written. `folder` must be
  /// new or empty; the export is written into FOLDER.partial and renamed when complete, so a
  /// failure leaves nothing behind. Throws image::InputError for a folder that holds files.
  std::vector<std::string> exportNnUnet(const std::filesystem::path& folder);

 private:
  /// exportNnUnet's files, written into `folder` (a temporary one, renamed when complete).
  std::vector<std::string> writeNnUnet(const std::filesystem::path& folder);
  void copyImage(const std::string& hash, const std::filesystem::path& target);
  /// The case's id and the version to export: `versionId` checked, or the newest approved, or
  /// else the newest (nullopt when the case has none).
  std::pair<long long, std::optional<long long>> chooseVersion(const std::string& caseName,
                                                               std::optional<long long> versionId);

  /// The DICOM identity exports of case `caseId` join: the imported one, else one made (and
  /// kept) at its first export, so its SEG and RTSTRUCT share study and frame of reference.
  image::DicomIdentity exportIdentity(long long caseId, const std::string& caseName);
  /// Throws image::InputError when `target` lies inside the project folder (an export must
  /// never overwrite the database or a stored image).
  void refuseInsideProject(const std::filesystem::path& target) const;
  /// A label version ready for a DICOM writer: its id, voxels and description.
  struct DicomExport {
    long long versionId = 0;
    image::LabelMap labels;
    image::DicomSegContent content;
  };
  /// The version to write (as chooseVersion) with its description, the folder of `file` made.
  DicomExport prepareDicom(const std::string& caseName, std::optional<long long> versionId,
                           const std::filesystem::path& file);

  Project& project_;
};

}  // namespace voxsiam::storage
