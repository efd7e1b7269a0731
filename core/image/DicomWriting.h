#pragma once
#include <string>
#include <vector>

#include "core/image/Image3D.h"
#include "core/image/LabelScheme.h"

namespace voxsiam::image {

/// `value` as a DICOM decimal string (DS: at most 16 characters).
std::string dicomDecimal(double value);

/// The organs of `scheme` that have voxels in `labels`, in scheme order (background and
/// kNotAnnotated left out).
std::vector<const LabelEntry*> organsPresent(const LabelMap& labels, const LabelScheme& scheme);

/// The DICOM date (YYYYMMDD) and time (HHMMSS) of now, local time.
std::pair<std::string, std::string> dicomNow();

}  // namespace voxsiam::image
