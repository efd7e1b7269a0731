#pragma once
#include <array>
#include <vector>

#include "core/image/Image3D.h"
#include "core/image/preprocess/BodyCrop.h"

namespace voxsiam::image {

/// Maps a box of a native image onto a working grid by scaling each axis: grid voxel g has its
/// centre at native continuous index crop.low + (g + 0.5) * scale − 0.5, where
/// scale = crop.size / grid size (voxel centres of both grids cover the same physical box).
class GridMapping {
 public:
  /// Working grid of `gridSize` voxels over `crop` of an image on `native`.
  GridMapping(const ImageGeometry& native, const VoxelBox& crop,
              const std::array<std::size_t, 3>& gridSize);

  /// A working grid with voxels of (about) `targetSpacing` mm over `crop`.
  static GridMapping withSpacing(const ImageGeometry& native, const VoxelBox& crop,
                                 const std::array<double, 3>& targetSpacing);

  const ImageGeometry& native() const { return native_; }
  const VoxelBox& crop() const { return crop_; }
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

 private:
  ImageGeometry native_;
  VoxelBox crop_;
  ImageGeometry grid_;
  std::array<double, 3> scale_{1, 1, 1};
};

/// Trilinear sample of `voxels` (on a grid of `size`) at a continuous index, clamped to the edge.
float sampleLinear(const float* voxels, const std::array<std::size_t, 3>& size,
                   const std::array<double, 3>& index);

}  // namespace voxsiam::image
