#pragma once
#include <string>
#include <vector>

#include "core/image/DicomSegReader.h"
#include "core/image/Image3D.h"

namespace voxsiam::image {

/// True when `path` is a folder of per-structure masks rather than a DICOM series: it holds no
/// DICOM file itself, and holds mask files (NIfTI, NRRD, MetaImage; e.g. TotalSegmentator's
/// output, one NAME.nii.gz per structure) or sub-folders that each hold a DICOM series of a
/// binary mask, named by the structure.
bool isMaskFolder(const std::string& path);

/// Reads a folder of per-structure masks into one label map, like a DICOM SEG: structure n (in
/// name order) becomes value n where its mask is non-zero (a later structure wins where masks
/// overlap), and `segments` (optional) receives each structure's number and name (the file or
/// folder name without extension) for matching to a label scheme by name. Every mask must lie
/// on the first one's grid or on the same lattice stored in another axis order (brought onto it
/// exactly). Throws InputError naming the folder or the offending mask: no masks, a mask that
/// cannot be read, is not whole-numbered, or lies on another grid.
LabelMap readMaskFolder(const std::string& path, std::vector<SegSegment>* segments = nullptr);

}  // namespace voxsiam::image
