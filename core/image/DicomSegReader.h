#pragma once
#include <string>
#include <vector>

#include "core/image/Image3D.h"

namespace voxsiam::image {

/// True when `path` is a DICOM Segmentation Storage object.
bool isDicomSeg(const std::string& path);

/// Reads a binary DICOM SEG object into a label map: each frame's pixels go to the slice of its
/// plane position, with the frame's referenced segment number as label (a later segment wins
/// where segments overlap). The grid is the SEG's own: rows x columns x the span of the frame
/// positions along the slice normal, so it matches the CT the SEG was made on; bring it onto
/// another grid with resampleNearest. `segmentNames` (optional) receives the segment labels by
/// number (index 0 unused). Throws InputError for fractional or malformed SEG objects.
LabelMap readDicomSeg(const std::string& path, std::vector<std::string>* segmentNames = nullptr);

}  // namespace voxsiam::image
