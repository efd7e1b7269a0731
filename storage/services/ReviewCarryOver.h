#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/image/Image3D.h"
#include "core/image/LabelScheme.h"
#include "storage/repository/LabelVersionRepository.h"

namespace voxsiam::storage {

/// After version `newId` was saved from `parent` with labels `labels`: every organ that trained
/// in the parent (approved with it or on its own) and whose voxels are exactly the same in the new
/// version, and which the new version annotates, is approved on its own in the new version by
/// `actor`, with a note naming the parent; so correcting one organ of an approved case leaves
/// the others approved. Returns the organs carried over.
std::vector<std::uint16_t> carryOverUnchangedOrgans(repository::LabelVersionRepository& versions,
                                                    const repository::LabelVersionInfo& parent,
                                                    long long newId, const image::LabelMap& labels,
                                                    const image::LabelScheme& scheme,
                                                    const std::string& actor);

}  // namespace voxsiam::storage
