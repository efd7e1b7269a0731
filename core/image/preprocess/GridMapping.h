#pragma once
#include <array>
#include <vector>

#include "core/image/Image3D.h"
#include "core/image/preprocess/BodyCrop.h"

namespace voxsiam::image {

/// Which native index axis each working-grid axis runs along, and whether it runs backwards.
struct AxisOrder {
  std::array<int, 3> nativeAxis{0, 1, 2};
  std::array<bool, 3> flipped{false, false, false};

  /// The order that makes grid axes 0, 1, 2 run towards the patient's left, back and head (LPS)
  /// as closely as `direction` allows, so that every scan reaches the network the same way up
  /// whatever order its voxels were stored in.
  static AxisOrder towardsLps(const std::array<double, 9>& direction);
};

/// Maps a box of a native image onto a working grid by scaling each axis: along grid axis a
/// (native axis n = order.nativeAxis[a]) grid voxel g has its centre at native continuous index
/// crop.low[n] + t, or crop.low[n] + crop.size[n] − 1 − t when the axis is flipped, with
/// t = (g + 0.5) · scale − 0.5 and scale = crop.size[n] / grid size[a] (voxel centres of both grids
/// cover the same physical box).
class GridMapping {
 public:
  /// Working grid of `gridSize` voxels (along the grid's axes) over `crop` of an image on
  /// `native`; the grid keeps the native axis order unless `order` says otherwise.
  GridMapping(const ImageGeometry& native, const VoxelBox& crop,
              const std::array<std::size_t, 3>& gridSize, const AxisOrder& order = {});

  /// A working grid with voxels of (about) `targetSpacing` mm (along the grid's axes) over `crop`.
  static GridMapping withSpacing(const ImageGeometry& native, const VoxelBox& crop,
                                 const std::array<double, 3>& targetSpacing,
                                 const AxisOrder& order = {});

  const ImageGeometry& native() const { return native_; }
  const VoxelBox& crop() const { return crop_; }
  const AxisOrder& order() const { return order_; }
  /// The working grid in physical space (spacing = native spacing × scale).
  const ImageGeometry& grid() const { return grid_; }

  /// Native continuous index of a working-grid continuous index.
  std::array<double, 3> nativeIndexOf(const std::array<double, 3>& gridIndex) const;
  /// Working-grid continuous index of a native continuous index.
  std::array<double, 3> gridIndexOf(const std::array<double, 3>& nativeIndex) const;

  /// Samples a native image on the working grid, trilinearly (edge values outside).
  Volume toGrid(const Volume& native) const;
  /// Samples a native label map on the working grid, nearest neighbour.
  LabelMap toGrid(const LabelMap& native) const;
  /// Brings channel images on the working grid (channel c at [c * grid voxels]) back to the
  /// native grid trilinearly. Native voxels outside the crop get `outside[c]`.
  std::vector<float> toNative(const std::vector<float>& gridChannels, std::size_t channels,
                              const std::vector<float>& outside) const;
  /// The label map on the native grid that argmax of toNative(gridChannels, channels, outside
  /// = background) gives, without making the native channel images: a native voxel whose eight
  /// surrounding grid voxels share their argmax takes it (a trilinear blend keeps which channel
  /// is largest), only the others are blended channel by channel. Native voxels outside the crop
  /// are background (0).
  LabelMap argmaxToNative(const std::vector<float>& gridChannels, std::size_t channels) const;

 private:
  ImageGeometry native_;
  VoxelBox crop_;
  ImageGeometry grid_;
  AxisOrder order_;
  std::array<double, 3> scale_{1, 1, 1};  ///< per grid axis
};

/// Trilinear sample of `voxels` (on a grid of `size`) at a continuous index, clamped to the edge.
float sampleLinear(const float* voxels, const std::array<std::size_t, 3>& size,
                   const std::array<double, 3>& index);

}  // namespace voxsiam::image
