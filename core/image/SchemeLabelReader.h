#pragma once
#include <string>
#include <vector>

#include "core/image/ImageReader.h"
#include "core/image/LabelMapping.h"
#include "core/image/LabelScheme.h"

namespace voxsiam::image {

/// A label file read into the ids of a label scheme, with the structures that were left out.
struct SchemeLabels {
  LabelMap labels;
  std::vector<std::string> leftOut;  ///< one line per SEG segment that matched no entry
  /// One line per organ that several structures matched (their voxels were merged), e.g.
  /// "'left kidney' and 'Kidney_L' are both kidney_left: merged".
  std::vector<std::string> merged;
};

/// Reads label file `path` with its ids in the scheme `target`. A label image's ids go through
/// `mapping`. A DICOM SEG's segments are matched by what they are (matchSegment): against
/// `target` for the identity mapping, against the mapping's source scheme when that is a built-in
/// scheme (then mapped); a mapping from any other scheme maps segment numbers as given. Segments
/// that match nothing are left out (their voxels stay background) and named in `leftOut`, never
/// imported as another organ; when no segment matches, throws InputError naming them.
/// A folder of per-structure masks (isMaskFolder) and an RT Structure Set's ROIs are matched by
/// name as SEG segments are; an RT Structure Set's contours are filled on `grid`, the image they
/// were drawn on (InputError asking for it when null).
SchemeLabels readLabelsInScheme(const std::string& path, const LabelMapping& mapping,
                                const LabelScheme& target, ImageSource* source = nullptr,
                                const ImageGeometry* grid = nullptr);

/// True when `path` holds named structures rather than a label image: a DICOM SEG, an RT
/// Structure Set or a folder of per-structure masks (read them with readLabelsInScheme).
bool holdsNamedStructures(const std::string& path);

/// The scheme a mapping's ids land in: its target scheme when that is built in, else `fallback`.
LabelScheme targetSchemeOf(const LabelMapping& mapping, const std::string& fallback = "gibson8");

}  // namespace voxsiam::image
