#pragma once
#include <cstdint>
#include <map>
#include <string>

#include "core/image/DicomIdentity.h"
#include "core/image/Image3D.h"
#include "core/image/LabelScheme.h"

namespace voxsiam::image {

/// How one segment was made: "MANUAL", "SEMIAUTOMATIC" or "AUTOMATIC", with the algorithm's
/// (model's) name for the latter two.
struct SegmentAlgorithm {
  std::string type = "MANUAL";
  std::string name;
};

/// What a DICOM SEG says besides its voxels.
struct DicomSegContent {
  /// The CT series the labels were made on; when present the SEG joins its patient, study and
  /// frame of reference and each frame references its source slice. When absent the SEG gets a
  /// new study and frame of reference with `caseName` as patient id.
  DicomIdentity source;
  std::string caseName;
  std::string author;             ///< Content Creator's Name
  std::string description;        ///< Content Description, e.g. the version and its review
  std::string seriesDescription;  ///< Series Description
  std::map<std::uint16_t, SegmentAlgorithm> algorithms;  ///< per organ; missing: MANUAL
};

/// Writes `labels` as a binary DICOM Segmentation object at `path`: one segment per organ of
/// `scheme` that has voxels, with its label, colour (CIELab), SNOMED-CT category (anatomical
/// structure) and type codes from the scheme (laterality as type modifier; a scheme entry
/// without codes gets a private code), and one frame per segment and slice with voxels,
/// positioned with the label map's geometry. Voxels of value kNotAnnotated are left out. Written
/// to PATH.partial and renamed, so a failure leaves nothing behind. Throws InputError naming
/// `path` when the map has no organ voxels, a slice is larger than 65535 pixels a side, or the
/// file cannot be written.
void writeDicomSeg(const LabelMap& labels, const LabelScheme& scheme,
                   const DicomSegContent& content, const std::string& path);

}  // namespace voxsiam::image
