#pragma once
#include <array>
#include <cstddef>
#include <vector>

namespace voxsiam::image {

/// Exact squared Euclidean distance transform on an anisotropic 3-D grid (separable lower
/// envelope of parabolas, Felzenszwalb & Huttenlocher). `isFeature` has size[0]*size[1]*size[2]
/// entries, i fastest; the result holds, per voxel, the squared distance in mm² to the nearest
/// feature voxel, or +infinity when there is none.
std::vector<double> squaredDistanceToFeatures(const std::vector<unsigned char>& isFeature,
                                              const std::array<std::size_t, 3>& size,
                                              const std::array<double, 3>& spacing);

}  // namespace voxsiam::image
