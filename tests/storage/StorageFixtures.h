#pragma once
#include <cstdint>
#include <string>

#include "core/image/Image3D.h"
#include "storage/Project.h"
#include "storage/repository/LabelVersionRepository.h"

namespace voxsiam::test {

/// A grid with anisotropic spacing and an oblique-free LPS direction, `size` voxels.
image::ImageGeometry testGrid(std::array<std::size_t, 3> size);

/// Gibson-8 style labels on `geometry`: a few boxes and balls whose placement follows `seed`, plus
/// speckle, so that different seeds give different contents and sizeable encoded data.
image::LabelMap generatedLabels(const image::ImageGeometry& geometry, std::uint64_t seed);

/// A CT-like volume on `geometry` (whole HU values), different for each seed.
image::Volume generatedVolume(const image::ImageGeometry& geometry, std::uint64_t seed);

/// Adds case `name` with a generated image on `geometry` directly (image file, volume record,
/// case row); returns the case id.
long long addGeneratedCase(storage::Project& project, const std::string& name,
                           const image::ImageGeometry& geometry, std::uint64_t seed);

/// A manual draft version of `caseId` by "tester" with `note`.
storage::repository::NewLabelVersion manualVersion(long long caseId, long long schemeId,
                                                   const std::string& note = "");

}  // namespace voxsiam::test
