#pragma once
#include <cstdint>
#include <vector>

#include "core/image/Image3D.h"

namespace voxsiam::image {

/// The 6-connected components of the voxels of `label`, each as its voxels' linear indices.
std::vector<std::vector<std::size_t>> componentsOf(const LabelMap& labels, std::uint16_t label);

/// For each of `organs`, keeps only its largest 6-connected component and sets the voxels of its
/// other components to background (the usual clean-up of a network's output: an organ is one
/// piece, and stray islands far from it are the errors that dominate HD95). Returns the number of
/// voxels set to background.
std::size_t keepLargestComponents(LabelMap& labels, const std::vector<std::uint16_t>& organs);

}  // namespace voxsiam::image
