#pragma once
#include <cstdint>
#include <vector>

#include "core/edit/ChangeRecorder.h"
#include "core/edit/EditTools.h"
#include "core/edit/effects/EffectScope.h"

namespace voxsiam::edit {

/// Some pixels of one slice: slice `slice` normal to image axis `axis`, pixels indexed
/// a + b * width as in SlicePlane.
struct SliceRegion {
  int axis = 2;
  std::size_t slice = 0;
  std::size_t width = 0, height = 0;
  std::vector<std::uint8_t> inside;  ///< 1 where the pixel belongs to the region
  std::size_t pixels = 0;            ///< pixels set
};

/// Level tracing from `seed` in the slice through it normal to `axis`: the region enclosed by the
/// iso-contour of the CT at the level under the seed. Values are first averaged over each
/// pixel's 3x3 neighbourhood in the slice (so that noise does not fray the contour); the region
/// is the 4-connected set of pixels at or above the seed's averaged value (at or below with
/// `darker`) that holds the seed, with its holes filled. Hovering near an organ's edge puts the
/// level between the organ and its surroundings, and the outline follows that edge. With
/// `labels` (same grid), the trace does not pass through voxels of organs other than `label`,
/// so soft tissue touching a labelled neighbour is not swept in.
SliceRegion traceLevel(const image::Volume& image, const VoxelIndex& seed, int axis,
                       bool darker = false, const image::LabelMap* labels = nullptr,
                       std::uint16_t label = 0);

/// Paints organ `label` on the pixels of `region` as `scope` allows. Returns the voxels changed.
std::size_t paintSliceRegion(ChangeRecorder& recorder, const SliceRegion& region,
                             std::uint16_t label, const EffectScope& scope = {});

}  // namespace voxsiam::edit
