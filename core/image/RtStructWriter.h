#pragma once
#include <string>

#include "core/image/DicomSegWriter.h"
#include "core/image/Image3D.h"
#include "core/image/LabelScheme.h"

namespace voxsiam::image {

/// Writes `labels` as a DICOM RT Structure Set at `path`: one ROI per organ of `scheme` that has
/// voxels, named as the scheme names it, with its display colour and generation algorithm
/// (`content.algorithms`), and one CLOSED_PLANAR contour per outline of the organ in each slice
/// (sliceOutlines: along voxel edges, holes as outlines of their own, so an even-odd reader gets
/// the voxels back exactly), in patient coordinates. Joins the source series' patient, study and
/// frame of reference when `content.source` is present and references its slices; else a new
/// study. Written to PATH.partial and renamed. Throws InputError naming `path` when the map has
/// no organ voxels or the file cannot be written.
void writeRtStruct(const LabelMap& labels, const LabelScheme& scheme,
                   const DicomSegContent& content, const std::string& path);

}  // namespace voxsiam::image
