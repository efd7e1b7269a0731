#pragma once
#include <array>
#include <cstddef>

namespace voxsiam::render {

/// How a slice view shows its composited slice picture: the picture's size and pixel spacing,
/// the view's pan and zoom, and the mapping between screen positions (widget pixels, y down) and
/// picture pixels. Pure geometry: the view paints the picture itself with QPainter.
class SliceCamera {
 public:
  /// Shows a picture of `width` x `height` pixels of `spacingU` x `spacingV` mm; returns true
  /// when that differs from the picture shown before (the caller then fits the view).
  bool setPicture(std::size_t width, std::size_t height, double spacingU, double spacingV);
  /// Fits the whole picture into a view of `width` x `height` pixels, centred.
  void fit(int width, int height);
  /// Zooms by `factor` (> 1 enlarges) about the view's centre.
  void zoom(double factor);
  /// Moves the picture by (dx, dy) screen pixels in a view `height` pixels high.
  void pan(double dx, double dy, int height);
  /// Picture pixel (u, v; may lie outside the picture) at screen position (x, y) of a view of
  /// `width` x `height` pixels.
  std::array<double, 2> screenToPixel(double x, double y, int width, int height) const;
  /// Screen position of the centre of picture pixel (u, v).
  std::array<double, 2> pixelToScreen(double u, double v, int width, int height) const;

 private:
  double millimetresPerPixel(int height) const;

  std::size_t width_ = 0, height_ = 0;
  double spacingU_ = 1, spacingV_ = 1;
  std::array<double, 2> focus_{0, 0};  ///< the point (mm, v down) at the view's centre
  double halfHeightMm_ = 1;            ///< half the view's height, in mm
};

}  // namespace voxsiam::render
