#pragma once
#include <cstdint>

#include "core/edit/ChangeRecorder.h"
#include "core/edit/EditTools.h"

namespace voxsiam::edit {

/// What a click on an island does.
enum class IslandAction {
  KeepClicked,    ///< the clicked island stays, the organ's other islands become background
  RemoveClicked,  ///< the clicked island becomes background
  SplitClicked,   ///< the clicked island becomes organ `target`, the rest of its organ stays
};

/// Acts on the 6-connected island of the organ under `seed` (nothing when the seed is
/// background). Returns the voxels changed.
std::size_t editIslandAt(ChangeRecorder& recorder, const VoxelIndex& seed, IslandAction action,
                         std::uint16_t target = 0);

/// Keeps the largest 6-connected island of organ `label`, setting its other islands to
/// background. Returns the voxels changed.
std::size_t keepLargestIsland(ChangeRecorder& recorder, std::uint16_t label);

}  // namespace voxsiam::edit
