#pragma once
#include <QString>
#include <QStringList>

#include <optional>

namespace voxsiam::ui {

/// Project-level file actions of the studio's File menu (Qt Core): making a project and writing
/// cases out in the forms other tools read. Each opens its own connection to the project.
class ProjectFiles {
 public:
  /// Makes an empty project in `folder` with `title` and built-in label scheme `scheme`. Throws
  /// StorageError (e.g. the folder is not empty) or image::InputError (unknown scheme).
  static void create(const QString& folder, const QString& title, const QString& scheme);
  /// The built-in label schemes a project can use, the default (gibson8) first.
  static QStringList schemeNames();
  /// Writes case `caseName` of the project as NAME.nii.gz and NAME_label.nii.gz (label version
  /// `versionId`, else the newest approved, else the newest) into `outFolder`; returns the files.
  static QStringList exportCase(const QString& projectFolder, const QString& caseName,
                                std::optional<long long> versionId, const QString& outFolder);
  /// Writes label version `versionId` (or the exporter's choice) of case `caseName` as a DICOM
  /// SEG object at `file`; returns the version written. Throws StorageError or InputError.
  static long long exportDicomSeg(const QString& projectFolder, const QString& caseName,
                                  std::optional<long long> versionId, const QString& file);
  /// As exportDicomSeg, as a DICOM RT Structure Set (closed planar contours per organ).
  static long long exportRtStruct(const QString& projectFolder, const QString& caseName,
                                  std::optional<long long> versionId, const QString& file);
  /// Writes every case with approved labels in the nnU-Net layout into `outFolder`; returns the
  /// names of the cases written.
  static QStringList exportApproved(const QString& projectFolder, const QString& outFolder);
};

}  // namespace voxsiam::ui
