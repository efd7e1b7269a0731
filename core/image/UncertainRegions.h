#pragma once
#include <array>
#include <cstddef>
#include <vector>

#include "core/image/Image3D.h"

namespace voxsiam::image {

/// A connected region where a model is unsure, for a reviewer to check.
struct UncertainRegion {
  std::size_t voxels = 0;
  double millilitres = 0;
  double meanUncertainty = 0;
  float peakUncertainty = 0;
  std::array<std::size_t, 3> peak{};    ///< its most uncertain voxel (where to look)
  std::array<std::size_t, 6> bounds{};  ///< min i, j, k, max i, j, k
};

/// The regions of `uncertainty` (values 0..1) at or above `threshold`, largest first, at least
/// `minVoxels` each. Thin shells one or two voxels thick (the doubt along every organ's border)
/// are not regions: only voxels whose six neighbours are all above the threshold seed a region,
/// which then takes the voxels above the threshold that touch it (edges and corners too). NaN
/// counts as fully uncertain.
std::vector<UncertainRegion> uncertainRegions(const Volume& uncertainty, float threshold,
                                              std::size_t minVoxels);

}  // namespace voxsiam::image
