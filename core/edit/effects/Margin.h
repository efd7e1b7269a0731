#pragma once
#include <cstdint>

#include "core/edit/ChangeRecorder.h"
#include "core/edit/effects/EffectScope.h"

namespace voxsiam::edit {

/// Grows organ `label` by `mm` (> 0: every voxel whose centre lies within `mm` of the organ, as
/// `scope` allows) or shrinks it (< 0: voxels within |mm| of the outside become background), in
/// millimetres on the grid's own (anisotropic) spacing. Returns the voxels changed.
std::size_t applyMargin(ChangeRecorder& recorder, std::uint16_t label, double mm,
                        const EffectScope& scope = {});

}  // namespace voxsiam::edit
