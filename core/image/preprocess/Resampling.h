#pragma once
#include <array>

#include "core/image/Image3D.h"

namespace voxsiam::image {

/// A grid over the same physical box as `geometry` (outer voxel faces aligned) with voxels of
/// about `spacing` mm; the size is rounded, so the spacing is adjusted to fill the box exactly.
/// Throws InputError (path "resampling") when that grid would hold more than kMaxVoxels voxels.
ImageGeometry geometryWithSpacing(const ImageGeometry& geometry,
                                  const std::array<double, 3>& spacing);

/// `image` sampled trilinearly at the voxel centres of `target` (physical space); target voxels
/// outside `image` get `outside`.
Volume resampleLinear(const Volume& image, const ImageGeometry& target, float outside);

/// `labels` sampled by nearest neighbour at the voxel centres of `target`; 0 outside.
LabelMap resampleNearest(const LabelMap& labels, const ImageGeometry& target);

}  // namespace voxsiam::image
