#pragma once
#include <cstdint>
#include <map>

#include "core/image/DicomSegWriter.h"

namespace voxsiam::storage {

class Project;

/// How each organ of label version `versionId` was made, for a DICOM SEG: every organ AUTOMATIC
/// (the model's name) for a model's draft; SEMIAUTOMATIC for an organ taken from a model's draft
/// ("Take organ") by it or an ancestor, and for every organ of a version edited from a model's
/// draft; organs not in the map are MANUAL. Throws StorageError for an unknown version.
std::map<std::uint16_t, image::SegmentAlgorithm> segmentProvenance(Project& project,
                                                                   long long versionId);

}  // namespace voxsiam::storage
