#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/image/Image3D.h"

namespace voxsiam::storage {

/// Encodes a label map with its geometry as a compact, deterministic byte string (header, then
/// run lengths compressed with zlib): equal label maps give equal bytes, so the bytes' hash
/// identifies the content.
std::vector<std::uint8_t> encodeLabelMap(const image::LabelMap& labels);

/// Decodes encodeLabelMap's bytes. Throws StorageError naming `origin` when they are truncated,
/// corrupt or describe an impossible grid.
image::LabelMap decodeLabelMap(const std::vector<std::uint8_t>& bytes, const std::string& origin);

}  // namespace voxsiam::storage
