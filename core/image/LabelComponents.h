#pragma once
#include <cstdint>
#include <vector>

#include "core/image/Image3D.h"

namespace voxsiam::image {

/// Linear indices of the region of voxels that share the label of voxel `seed` and connect to it
/// through neighbours along `axes` (0, 1, 2: 6-connected in 3-D; two axes: 4-connected in a
/// plane), found breadth first. Marks them in `visited` (one entry per voxel) and skips voxels
/// already marked.
std::vector<std::size_t> regionAt(const LabelMap& labels, std::size_t seed,
                                  const std::vector<int>& axes,
                                  std::vector<unsigned char>& visited);

/// The 6-connected components of the voxels of `label`, each as its voxels' linear indices.
std::vector<std::vector<std::size_t>> componentsOf(const LabelMap& labels, std::uint16_t label);

/// For each of `organs`, keeps only its largest 6-connected component and sets the voxels of its
/// other components to background (the usual clean-up of a network's output: an organ is one
/// piece, and stray islands far from it are the errors that dominate HD95). Returns the number of
/// voxels set to background.
std::size_t keepLargestComponents(LabelMap& labels, const std::vector<std::uint16_t>& organs);

}  // namespace voxsiam::image
