#pragma once
#include <string>
#include <vector>

#include "core/image/ImageReader.h"

namespace voxsiam::image {

/// One image series found in a DICOM folder.
struct DicomSeries {
  std::string uid;
  std::string modality;
  std::vector<std::string> files;  ///< sorted along the slice normal
  std::string skipped;             ///< damaged files of the folder that were left out, if any
};

/// Lists the image series of a folder (non-recursive). Non-image objects (SEG, RTSTRUCT, SR,
/// presentation states) and non-DICOM files are skipped. Throws InputError when none is found.
std::vector<DicomSeries> findDicomSeries(const std::string& folder);

/// Picks the series to read: `seriesUid` when given, else the one with most slices (a tie is an
/// error asking for --series). Sets `note` when the folder held more than one series.
const DicomSeries& chooseDicomSeries(const std::string& folder,
                                     const std::vector<DicomSeries>& series,
                                     const std::string& seriesUid, std::string& note);

/// Reads the DICOM series in `folder` (see readVolume).
Volume readDicomFolder(const std::string& folder, const ReadOptions& options, ImageSource* source);

}  // namespace voxsiam::image
