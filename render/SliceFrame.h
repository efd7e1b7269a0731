#pragma once
#include <array>
#include <cstddef>

#include "core/image/ImageGeometry.h"

namespace voxsiam::render {

/// The three standard views.
enum class ViewOrientation { Axial, Coronal, Sagittal };

/// How a view lays an image's slices on the screen, in radiological convention: axial with the
/// patient's left on the right of the screen and posterior down; coronal with left on the right
/// and superior up; sagittal with anterior on the left and superior up. Works for any image
/// whose axes are close to the patient axes (the direction matrix picks the closest).
struct SliceFrame {
  int normalAxis = 2;  ///< image axis across the slices
  int uAxis = 0;       ///< image axis along screen x
  int vAxis = 1;       ///< image axis along screen y (downwards)
  bool flipU = false;  ///< screen x runs against the image axis
  bool flipV = false;
  std::size_t width = 0;   ///< slice pixels along screen x
  std::size_t height = 0;  ///< slice pixels along screen y
  double spacingU = 1;     ///< mm per pixel along screen x
  double spacingV = 1;
  std::size_t sliceCount = 0;

  /// The frame of `orientation` for `geometry`.
  static SliceFrame of(ViewOrientation orientation, const image::ImageGeometry& geometry);
  /// The voxel at slice pixel (u, v) of slice `slice`.
  std::array<std::size_t, 3> voxel(std::size_t u, std::size_t v, std::size_t slice) const;
  /// Slice pixel (u, v) of `voxel`.
  std::array<std::size_t, 2> pixel(const std::array<std::size_t, 3>& voxel) const;
};

}  // namespace voxsiam::render
