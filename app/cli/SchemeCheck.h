#pragma once
#include <string>

#include "core/image/Image3D.h"
#include "core/image/LabelScheme.h"

namespace voxsiam::cli {

/// Throws image::InputError naming `path` when `labels` hold ids (other than 0 and 255) that
/// `scheme` does not name and the scheme was not chosen with --scheme (`chosen` false): their
/// organ names would be wrong (a TotalSegmentator map read as gibson8 calls the right kidney
/// "kidney_left"), so the user must say which scheme the ids follow.
void requireIdsOfScheme(const std::string& path, const image::LabelMap& labels,
                        const image::LabelScheme& scheme, bool chosen);

}  // namespace voxsiam::cli
