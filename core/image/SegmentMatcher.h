#pragma once
#include <cstdint>
#include <string>

#include "core/image/DicomSegReader.h"
#include "core/image/LabelScheme.h"

namespace voxsiam::image {

/// The entry of `scheme` that a DICOM SEG segment is, or 0 when none fits. First by the coded
/// property type: an entry listing the code (SCT, or the old SRT code); for a paired organ the
/// type modifier (or the label text) gives the side. Without a matching code, by the label text:
/// the same words as the entry's name in any order ("Left Kidney" is kidney_left), else as one
/// of its aliases ("Kidney_L"). A segment whose
/// side cannot be told between two entries matches neither.
std::uint16_t matchSegment(const SegSegment& segment, const LabelScheme& scheme);

/// How a segment is named in messages: number, label and type code, e.g.
/// "segment 1 'Liver' (SRT T-62000 Liver)".
std::string describeSegment(const SegSegment& segment);

}  // namespace voxsiam::image
