#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "core/image/Image3D.h"

namespace voxsiam::metrics {

/// What one organ of a label map measures over its CT.
struct OrganStatistics {
  std::uint16_t label = 0;
  std::size_t voxels = 0;
  double millilitres = 0;
  double meanHu = 0, sdHu = 0, minHu = 0, maxHu = 0;  ///< of the CT under the organ
  double surfaceMm2 = 0;                ///< area of the organ's surface (see organStatistics)
  std::array<double, 3> centroidLps{};  ///< mean physical position of its voxels (LPS, mm)
};

/// Statistics of every organ present in `labels` (ids 1..254; 255 "not annotated" is not an
/// organ) over `image` (same grid), by label id. The surface area weighs each voxel face of
/// the organ by |n_i|, n being the surface normal there (the gradient of the organ's indicator
/// after a Gaussian of half the largest spacing) and i the face's axis: a staircase measures
/// the integral of |n_i| over the surface along each axis, so these weights give the integral
/// of sum n_i^2 = 1, the area itself (counting faces alone would overstate a sphere's by half);
/// a 25 mm sphere and a 40 x 30 x 24 mm box on 0.8 x 0.8 x 2 mm voxels come within 4 %.
std::vector<OrganStatistics> organStatistics(const image::LabelMap& labels,
                                             const image::Volume& image);

}  // namespace voxsiam::metrics
