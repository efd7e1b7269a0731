#pragma once
#include <cstdint>
#include <optional>

#include "core/edit/ChangeRecorder.h"
#include "core/edit/effects/EffectScope.h"

namespace voxsiam::edit {

/// One slice of the volume: the slice `index` normal to image axis `axis`.
struct SliceSelection {
  int axis = 2;
  std::size_t index = 0;
};

/// Paints organ `label` on the voxels of `image` within `range` (in `slice`, or everywhere), as
/// `scope` allows (its HU limit is `range` itself). Returns the voxels changed.
std::size_t paintThreshold(ChangeRecorder& recorder, const image::Volume& image,
                           const IntensityRange& range, std::uint16_t label,
                           std::optional<SliceSelection> slice = std::nullopt,
                           EffectScope scope = {});

}  // namespace voxsiam::edit
