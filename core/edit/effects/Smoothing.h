#pragma once
#include <cstdint>

#include "core/edit/ChangeRecorder.h"
#include "core/edit/effects/EffectScope.h"

namespace voxsiam::edit {

/// How one organ is smoothed.
enum class SmoothingKind {
  Median,   ///< majority of the voxels within a box of half-width `mm` per axis
  Opening,  ///< shrink by `mm`, then grow back: removes spikes and thin bridges
  Closing,  ///< grow by `mm`, then shrink back: fills notches and small holes
};

/// Smooths organ `label` with `kind` at `mm` (millimetres on the grid's spacing); voxels it adds
/// follow `scope`. Returns the voxels changed.
std::size_t smoothOrgan(ChangeRecorder& recorder, std::uint16_t label, SmoothingKind kind,
                        double mm, const EffectScope& scope = {});

/// Smooths every organ at once: each organ's indicator (and the background's) is blurred with a
/// Gaussian of `sigmaMm` and each voxel takes the organ scoring highest, so the smoothed organs
/// never overlap and leave no gap between them. Returns the voxels changed.
std::size_t smoothJointly(ChangeRecorder& recorder, double sigmaMm);

}  // namespace voxsiam::edit
