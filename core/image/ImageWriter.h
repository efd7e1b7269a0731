#pragma once
#include <string>

#include "core/image/Image3D.h"

namespace voxsiam::image {

/// How a Volume's values are stored on disk.
enum class StoredType { Float32, Int16 };

/// Writes `volume` to `path` (format from the extension: .nii.gz, .nii, .nrrd, .mha; single-file
/// formats only, so the write can be atomic). The file
/// appears complete or not at all: it is written to a temporary name and renamed. Throws
/// InputError naming `path` when it cannot be written; Int16 rejects values outside its range.
void writeVolume(const Volume& volume, const std::string& path,
                 StoredType type = StoredType::Float32);

/// Writes a label map (8-bit when every label fits, else 16-bit), atomically like writeVolume.
void writeLabelMap(const LabelMap& labels, const std::string& path);

}  // namespace voxsiam::image
