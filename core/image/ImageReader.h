#pragma once
#include <string>

#include "core/image/DicomIdentity.h"
#include "core/image/Image3D.h"

namespace voxsiam::image {

/// Where an image came from: shown by `voxsiam info`, and a note for the user when the reader
/// had to choose (e.g. one series out of several in a DICOM folder).
struct ImageSource {
  std::string format;           ///< "NIfTI", "NRRD", "MetaImage", "DICOM series", ...
  std::string storedType;       ///< pixel type on disk, e.g. "short", "float"
  std::string seriesUid;        ///< DICOM only
  std::string modality;         ///< DICOM only
  std::size_t seriesCount = 0;  ///< DICOM only: image series found in the folder
  std::string note;             ///< empty unless the user should know about a choice made
  DicomIdentity dicom;          ///< DICOM series only: patient, study, series and instances
};

/// Options for reading images.
struct ReadOptions {
  std::string seriesUid;  ///< DICOM folder: read this series instead of the largest one
};

/// Reads a scalar 3-D image from a NIfTI (.nii/.nii.gz), NRRD, MHA/MHD file, a single DICOM file
/// or a DICOM series folder, with its true geometry and real values (DICOM: rescale slope and
/// intercept applied, so CT comes out in HU). Throws InputError naming the path and the problem
/// for a missing, empty, corrupt, truncated, non-3-D, multi-component or oversized file, and for
/// NaN or infinite voxels. Fills `source` when given.
Volume readVolume(const std::string& path, const ReadOptions& options = {},
                  ImageSource* source = nullptr);

/// Reads an integer label map (any 3-D scalar file whose values are whole numbers in 0..65535,
/// or a binary DICOM SEG object, see readDicomSeg).
/// Throws InputError for everything readVolume rejects and for non-integer or out-of-range values.
LabelMap readLabelMap(const std::string& path, ImageSource* source = nullptr);

}  // namespace voxsiam::image
