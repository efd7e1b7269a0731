#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/edit/ChangeRecorder.h"
#include "core/edit/effects/EffectScope.h"
#include "core/edit/effects/Threshold.h"

namespace voxsiam::edit {

/// What the user asked an effect to do; each effect reads the fields it needs.
struct EffectRequest {
  std::uint16_t label = 1;               ///< the organ acted on (the active organ)
  double mm = 0;                         ///< margin (negative: shrink), smoothing size
  std::string variant;                   ///< e.g. "median", "opening", "copy", "subtract"
  std::uint16_t source = 0;              ///< the other organ of a logical operation
  std::optional<IntensityRange> range;   ///< threshold range
  std::optional<SliceSelection> slice;   ///< threshold: this slice only
  const image::Volume* image = nullptr;  ///< the case's CT (same grid)
  EffectScope scope;                     ///< what painting may overwrite, the HU limit
};

/// One entry of the effect table: a segment-editor effect of core/edit (its own file) under a
/// stable id, so that the studio's tools and the command line name it without knowing its code.
struct EffectEntry {
  std::string id;     ///< "margin", "smooth", "logic", "threshold"
  std::string title;  ///< "Margin"
  /// Applies the effect through `recorder`; returns the voxels changed.
  std::function<std::size_t(ChangeRecorder&, const EffectRequest&)> apply;
  /// One line saying what `request` does, for the undo history ("margin +3 mm on liver").
  std::function<std::string(const EffectRequest&, const std::string& organName)> describe;
};

/// Every effect of Effects.def, in its order.
const std::vector<EffectEntry>& effects();
/// The effect with `id`, or nullptr.
const EffectEntry* findEffect(const std::string& id);

}  // namespace voxsiam::edit
