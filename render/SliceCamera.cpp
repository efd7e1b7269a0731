#include "render/SliceCamera.h"

#include <algorithm>

namespace voxsiam::render {

bool SliceCamera::setPicture(std::size_t width, std::size_t height, double spacingU,
                             double spacingV) {
  const bool changed =
      width != width_ || height != height_ || spacingU != spacingU_ || spacingV != spacingV_;
  width_ = width, height_ = height, spacingU_ = spacingU, spacingV_ = spacingV;
  return changed;
}

void SliceCamera::fit(int width, int height) {
  if (width_ == 0) return;
  const double extentU = double(width_) * spacingU_, extentV = double(height_) * spacingV_;
  const double aspect = double(std::max(1, width)) / double(std::max(1, height));
  focus_ = {(double(width_) - 1) * spacingU_ / 2, (double(height_) - 1) * spacingV_ / 2};
  halfHeightMm_ = std::max(extentV, extentU / aspect) / 2 * 1.02;
}

void SliceCamera::zoom(double factor) {
  if (factor > 0) halfHeightMm_ /= factor;
}

void SliceCamera::pan(double dx, double dy, int height) {
  const double mm = millimetresPerPixel(height);
  focus_[0] -= dx * mm;
  focus_[1] -= dy * mm;
}

double SliceCamera::millimetresPerPixel(int height) const {
  return 2 * halfHeightMm_ / std::max(1, height);
}

std::array<double, 2> SliceCamera::screenToPixel(double x, double y, int width, int height) const {
  const double mm = millimetresPerPixel(height);
  return {(focus_[0] + (x - width / 2.0) * mm) / spacingU_,
          (focus_[1] + (y - height / 2.0) * mm) / spacingV_};
}

std::array<double, 2> SliceCamera::pixelToScreen(double u, double v, int width, int height) const {
  const double mm = millimetresPerPixel(height);
  return {width / 2.0 + (u * spacingU_ - focus_[0]) / mm,
          height / 2.0 + (v * spacingV_ - focus_[1]) / mm};
}

}  // namespace voxsiam::render
