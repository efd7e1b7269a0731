#pragma once
#include <string>
#include <vector>

#include "core/image/Image3D.h"

namespace voxsiam::image {

/// A coded concept: one item of a DICOM code sequence.
struct CodedConcept {
  std::string scheme;  ///< coding scheme designator: SCT (SNOMED-CT), SRT (its old codes), ...
  std::string value;
  std::string meaning;
  bool empty() const { return value.empty(); }
};

/// What one segment of a DICOM SEG says it is.
struct SegSegment {
  unsigned number = 0;
  std::string label;          ///< Segment Label
  CodedConcept category;      ///< Segmented Property Category
  CodedConcept type;          ///< Segmented Property Type (what the structure is)
  CodedConcept modifier;      ///< its first type modifier (laterality: left / right)
  std::string algorithmType;  ///< MANUAL, SEMIAUTOMATIC or AUTOMATIC
};

/// A segment known only by its number and name (a mask file, an RTSTRUCT ROI).
SegSegment namedSegment(unsigned number, const std::string& label);

/// True when `path` is a DICOM Segmentation Storage object.
bool isDicomSeg(const std::string& path);

/// Reads a binary DICOM SEG object into a label map: each frame's pixels go to the slice of its
/// plane position, with the frame's referenced segment number as label (a later segment wins
/// where segments overlap). The grid is the SEG's own: rows x columns x the span of the frame
/// positions along the slice normal, so it matches the CT the SEG was made on; bring it onto
/// another grid with resampleNearest. `segments` (optional) receives what each segment is, in
/// the order of the Segment Sequence. The voxels hold segment numbers, not organ ids: bring them
/// into a label scheme with readLabelsInScheme. Throws InputError for fractional or malformed SEG
/// objects.
LabelMap readDicomSeg(const std::string& path, std::vector<SegSegment>* segments = nullptr);

}  // namespace voxsiam::image
