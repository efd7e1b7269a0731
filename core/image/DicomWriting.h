#pragma once
#include <functional>
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

/// Writes a DICOM object at `path` through `write` (given the file to write, it returns an
/// error text, empty on success) into PATH.partial, then renames it, so a failure leaves nothing
/// behind. Throws InputError naming `path` with "cannot write `what`: ...".
void saveDicomAtomically(const std::string& path, const std::string& what,
                         const std::function<std::string(const std::string&)>& write);

/// The DICOM date (YYYYMMDD) and time (HHMMSS) of now, local time.
std::pair<std::string, std::string> dicomNow();

}  // namespace voxsiam::image
