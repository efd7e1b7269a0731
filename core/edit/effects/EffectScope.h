#pragma once
#include <cstdint>
#include <optional>

#include "core/edit/EditTools.h"

namespace voxsiam::edit {

/// Which voxels an effect may paint: by default background only (other organs are kept) and,
/// with an HU limit, only voxels whose CT value lies within it.
struct EffectScope {
  const image::Volume* image = nullptr;     ///< same grid as the labels; read for the HU limit
  std::optional<IntensityRange> intensity;  ///< needs `image`
  bool overwriteOtherOrgans = false;

  /// Whether the voxel `index`, now `current`, may become organ `label`.
  bool mayPaint(std::size_t index, std::uint16_t current, std::uint16_t label) const {
    if (current == label) return true;
    if (current != 0 && !overwriteOtherOrgans) return false;
    if (!intensity || !image) return true;
    const float value = (*image)[index];
    return value >= intensity->minimum && value <= intensity->maximum;
  }
};

}  // namespace voxsiam::edit
