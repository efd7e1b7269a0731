#pragma once
#include <string>

namespace voxsiam::storage {

/// One case to import: its name, image file or DICOM folder and, when it has one, its label file
/// (NIfTI/NRRD/MHA or a DICOM SEG object).
struct ImportItem {
  std::string name;
  std::string image;
  std::string label;      ///< empty: the case comes without labels
  std::string seriesUid;  ///< DICOM folder: series to read (empty: the largest)
};

}  // namespace voxsiam::storage
