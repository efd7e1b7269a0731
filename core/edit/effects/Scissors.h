#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/edit/ChangeRecorder.h"
#include "core/edit/effects/EffectScope.h"

namespace voxsiam::edit {

/// What the scissors do with the prism swept by their outline.
enum class ScissorsAction {
  EraseInside,   ///< voxels inside become background
  EraseOutside,  ///< voxels outside become background
  FillInside,    ///< voxels inside become the organ (as the scope allows)
};

/// A closed outline drawn in a slice view; the cut runs along the view's normal axis.
struct ScissorsOutline {
  int axis = 2;  ///< image axis normal to the view
  /// Vertices in voxel coordinates (a, b) of the two other axes in increasing order (see
  /// SlicePlane); the last vertex joins the first.
  std::vector<std::array<double, 2>> points;
};

/// How the scissors cut.
struct ScissorsRequest {
  ScissorsAction action = ScissorsAction::EraseInside;
  /// Erasing: the organ erased (0: every organ); filling: the organ painted.
  std::uint16_t label = 0;
  /// The slices cut along the outline's axis, first and last inclusive (unset: all of them).
  std::optional<std::array<std::size_t, 2>> slab;
  EffectScope scope;  ///< filling: what may be overwritten, the HU limit
};

/// Which pixels of a width x height slice lie inside `outline`: a voxel centre inside by the
/// even-odd rule or on the outline itself (so an outline through voxel centres includes them).
/// Indexed a + b * width.
std::vector<std::uint8_t> outlineInterior(const ScissorsOutline& outline, std::size_t width,
                                          std::size_t height);

/// Cuts through the volume along the outline's axis: the prism of `outline` over the slab is
/// erased, everything outside it is erased, or the prism is filled. Returns the voxels changed;
/// an outline of fewer than three vertices changes nothing.
std::size_t cutWithScissors(ChangeRecorder& recorder, const ScissorsOutline& outline,
                            const ScissorsRequest& request);

}  // namespace voxsiam::edit
