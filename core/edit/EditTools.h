#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/edit/ChangeRecorder.h"

namespace voxsiam::edit {

/// Voxel coordinates (i, j, k).
using VoxelIndex = std::array<std::size_t, 3>;

/// A range of CT values (HU) that painting is limited to.
struct IntensityRange {
  float minimum = -1024;
  float maximum = 3071;
};

/// How the brush paints.
struct BrushSettings {
  double radiusMm = 5;  ///< voxels whose centre lies within this distance are painted
  bool sphere = false;  ///< 3-D ball instead of a disc in the current slice
  std::uint16_t label = 1;
  bool erase = false;                       ///< set to background instead of `label`
  std::optional<IntensityRange> intensity;  ///< paint only voxels within this HU range
};

/// Paints one brush dab centred on `center`: a disc in the slice through `center` normal to image
/// axis `sliceAxis` (0, 1 or 2), or a ball. `image` (same grid as the labels) is only read for
/// the intensity limit and may be null without one.
void paintBrush(ChangeRecorder& recorder, const image::Volume* image, const VoxelIndex& center,
                int sliceAxis, const BrushSettings& settings);

/// What bounds a fill besides other labels: the body outline and the HU limit.
struct FillBounds {
  const image::Volume* image = nullptr;     ///< same grid as the labels; null: labels alone bound
  float bodyThresholdHu = -500;             ///< voxels at or below this (air) lie outside the body
  std::optional<IntensityRange> intensity;  ///< when set, only voxels within it are filled
};

/// Fills, within the slice through `seed` normal to `sliceAxis`, the 4-connected region of voxels
/// that share the seed's label with `label`, bounded by other labels and, with an image, by the
/// body outline and the HU limit: clicking into a hole fills the hole, never the air around the
/// body. Nothing is filled when the seed itself lies outside those bounds.
void floodFillSlice(ChangeRecorder& recorder, const VoxelIndex& seed, int sliceAxis,
                    std::uint16_t label, const FillBounds& bounds = {});

/// Gives the 6-connected 3-D region of voxels sharing the seed's label the label `label`.
void relabelRegion(ChangeRecorder& recorder, const VoxelIndex& seed, std::uint16_t label);

/// Sets to background every 6-connected component of `label` with fewer than `minimumVoxels`
/// voxels. Returns the number of components removed.
std::size_t removeSmallIslands(ChangeRecorder& recorder, std::uint16_t label,
                               std::size_t minimumVoxels);

/// Fills the slices between drawn slices of `label` along image axis `sliceAxis` by shape-based
/// interpolation (blending the signed distance maps of the two nearest drawn slices). Only
/// background voxels of the empty slices are painted. Returns the number of slices filled.
std::size_t interpolateSlices(ChangeRecorder& recorder, std::uint16_t label, int sliceAxis);

/// Replaces the shapes of `label` between successive key slices (slices normal to `sliceAxis`
/// that the user drew, in any order) by shape-based interpolation of the two key slices around
/// them: voxels inside the blended shape become `label` where they are background or `label`
/// (other organs are kept), voxels of `label` outside it become background. Slices outside the
/// first and last key slice are left alone. Returns the number of slices whose voxels changed.
std::size_t interpolateKeySlices(ChangeRecorder& recorder, std::uint16_t label, int sliceAxis,
                                 std::vector<std::size_t> keySlices);

/// Makes organ `label` exactly as in `source` (same grid): voxels that are `label` in `source`
/// become `label`, voxels that are `label` only here become background; other organs are kept.
void copyOrgan(ChangeRecorder& recorder, const image::LabelMap& source, std::uint16_t label);

}  // namespace voxsiam::edit
