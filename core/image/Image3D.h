#pragma once
#include <cstdint>
#include <vector>

#include "core/image/ImageGeometry.h"

namespace voxsiam::image {

/// A 3-D image: its grid and one value per voxel, stored i fastest, then j, then k.
template <typename Pixel>
class Image3D {
 public:
  Image3D() = default;
  /// Creates an image on `geometry` with every voxel set to `fill`.
  explicit Image3D(const ImageGeometry& geometry, Pixel fill = Pixel{})
      : geometry_(geometry), voxels_(geometry.voxelCount(), fill) {}

  const ImageGeometry& geometry() const { return geometry_; }
  /// Changes origin, spacing or direction; the size must stay the same.
  void setGeometry(const ImageGeometry& geometry) { geometry_ = geometry; }
  const std::array<std::size_t, 3>& size() const { return geometry_.size; }
  std::size_t voxelCount() const { return voxels_.size(); }

  Pixel& at(std::size_t i, std::size_t j, std::size_t k) {
    return voxels_[geometry_.linearIndex(i, j, k)];
  }
  const Pixel& at(std::size_t i, std::size_t j, std::size_t k) const {
    return voxels_[geometry_.linearIndex(i, j, k)];
  }
  Pixel& operator[](std::size_t index) { return voxels_[index]; }
  const Pixel& operator[](std::size_t index) const { return voxels_[index]; }

  std::vector<Pixel>& voxels() { return voxels_; }
  const std::vector<Pixel>& voxels() const { return voxels_; }

 private:
  ImageGeometry geometry_;
  std::vector<Pixel> voxels_;
};

/// CT intensities in Hounsfield units (or any scalar image).
using Volume = Image3D<float>;
/// Integer organ labels, 0 = background.
using LabelMap = Image3D<std::uint16_t>;

}  // namespace voxsiam::image
