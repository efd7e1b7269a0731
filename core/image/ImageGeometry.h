#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

namespace voxsiam::image {

/// Largest image the project reads, makes or resamples to, in voxels (4 GiB of float voxels).
constexpr std::size_t kMaxVoxels = std::size_t{1} << 30;

/// Largest voxel spacing the readers accept, in mm (a voxel of 10 m is no scan).
constexpr double kMaxSpacingMm = 10000;

/// Grid of a 3-D image in ITK's LPS physical space: voxel (i,j,k) lies at
/// origin + direction * diag(spacing) * (i,j,k). `direction` is row-major 3x3, columns are the
/// physical directions of the i, j and k axes.
struct ImageGeometry {
  std::array<std::size_t, 3> size{0, 0, 0};
  std::array<double, 3> spacing{1, 1, 1};
  std::array<double, 3> origin{0, 0, 0};
  std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, 1};

  /// Number of voxels of the grid.
  std::size_t voxelCount() const { return size[0] * size[1] * size[2]; }

  /// Linear index of voxel (i,j,k), i fastest.
  std::size_t linearIndex(std::size_t i, std::size_t j, std::size_t k) const {
    return i + size[0] * (j + size[1] * k);
  }

  /// Voxel (i,j,k) of a linear index: the inverse of linearIndex.
  std::array<std::size_t, 3> voxelOf(std::size_t index) const {
    return {index % size[0], (index / size[0]) % size[1], index / (size[0] * size[1])};
  }

  /// Physical position (mm) of a continuous voxel index.
  std::array<double, 3> indexToPhysical(const std::array<double, 3>& index) const;

  /// Continuous voxel index of a physical position (mm); inverse of indexToPhysical.
  std::array<double, 3> physicalToIndex(const std::array<double, 3>& point) const;

  /// True when both grids have the same size and, within `tolerance` (relative to the spacing),
  /// the same spacing, origin and direction.
  bool sameGrid(const ImageGeometry& other, double tolerance = 1e-4) const;
};

}  // namespace voxsiam::image
