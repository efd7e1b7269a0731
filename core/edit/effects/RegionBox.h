#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/image/Image3D.h"

namespace voxsiam::edit {

/// A box of voxels [low, high) and masks over it (one entry per voxel, i fastest): where the
/// effects of the segment editor work, so that an edit of one organ costs its size, not the
/// volume's.
struct RegionBox {
  std::array<std::size_t, 3> low{};
  std::array<std::size_t, 3> high{};

  /// The box around every voxel of `label`, if it has any.
  static std::optional<RegionBox> around(const image::LabelMap& labels, std::uint16_t label);
  /// The whole grid.
  static RegionBox whole(const image::ImageGeometry& geometry);
  /// This box grown by `mm` (plus one voxel) on every side, within `geometry`.
  RegionBox grown(double mm, const image::ImageGeometry& geometry) const;
  /// Voxels per axis.
  std::array<std::size_t, 3> size() const;
  std::size_t voxelCount() const;
  /// The grid index of box voxel `local`.
  std::size_t gridIndex(const image::ImageGeometry& geometry, std::size_t local) const;
  /// 1 where the box voxel holds `label`.
  std::vector<unsigned char> maskOf(const image::LabelMap& labels, std::uint16_t label) const;
};

/// `mask` and the voxels of the box within `mm` of its surface (which lies half a voxel beyond
/// its outermost centres, on the grid's spacing).
std::vector<unsigned char> dilate(const std::vector<unsigned char>& mask, const RegionBox& box,
                                  const std::array<double, 3>& spacing, double mm);
/// The voxels of `mask` farther than `mm` inside its surface (the box's outside counts as
/// outside).
std::vector<unsigned char> erode(const std::vector<unsigned char>& mask, const RegionBox& box,
                                 const std::array<double, 3>& spacing, double mm);

}  // namespace voxsiam::edit
