#pragma once
#include <array>

#include <vtkSmartPointer.h>

#include "render/SliceCompositor.h"

class vtkRenderer;
class vtkImageData;
class vtkImageActor;

namespace voxsiam::render {

/// The VTK scene of a slice view: the composited slice as an image actor under a parallel
/// camera, with zoom and pan, and the mapping between screen positions and slice pixels.
class SliceScene {
 public:
  /// Builds the scene in `renderer` (black background, parallel projection).
  explicit SliceScene(vtkRenderer* renderer);

  /// Shows `picture` with `spacingU` x `spacingV` mm pixels. The camera is fitted the first time
  /// and whenever the picture size changes.
  void show(const RgbaImage& picture, double spacingU, double spacingV);
  /// Shows nothing (no case open) until the next show().
  void clear();
  /// Marks rows [first, last] of the shown picture changed (after editing `picture` in place).
  void updateRows(const RgbaImage& picture, std::size_t first, std::size_t last);
  /// Fits the whole slice into a view of `width` x `height` pixels.
  void fit(int width, int height);
  /// Zooms by `factor` (> 1 enlarges).
  void zoom(double factor);
  /// Moves the picture by (dx, dy) screen pixels (y down) in a view `height` pixels high.
  void pan(double dx, double dy, int height);
  /// Slice pixel (u, v; may be outside the slice) at screen position (x, y), y down.
  std::array<double, 2> screenToPixel(double x, double y, int width, int height) const;
  /// Screen position (x, y down) of the centre of slice pixel (u, v).
  std::array<double, 2> pixelToScreen(double u, double v, int width, int height) const;

 private:
  vtkRenderer* renderer_;
  vtkSmartPointer<vtkImageData> data_;
  vtkSmartPointer<vtkImageActor> actor_;
  std::size_t width_ = 0, height_ = 0;
  double spacingU_ = 1, spacingV_ = 1;
};

}  // namespace voxsiam::render
