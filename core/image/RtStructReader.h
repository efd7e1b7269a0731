#pragma once
#include <string>
#include <vector>

#include "core/image/DicomSegReader.h"
#include "core/image/Image3D.h"
#include "core/image/ImageGeometry.h"

namespace voxsiam::image {

/// True when `path` is a DICOM RT Structure Set object.
bool isRtStruct(const std::string& path);

/// Reads the closed planar contours of an RT Structure Set onto `grid` (the CT it was drawn on):
/// the contours of the n-th ROI (in Structure Set ROI order) become value n in the voxels whose
/// centres they enclose, filled even-odd per ROI and slice so holes stay holes; a later ROI wins
/// where ROIs overlap. `segments` (optional) receives each ROI's number and name, for matching to
/// a label scheme by name. Points and open contours are left out. Throws InputError naming
/// `path` for a damaged object, a contour that does not lie in one slice plane of `grid` or
/// lies outside it entirely, or contour data that is not 3-D points.
LabelMap readRtStruct(const std::string& path, const ImageGeometry& grid,
                      std::vector<SegSegment>* segments = nullptr);

}  // namespace voxsiam::image
