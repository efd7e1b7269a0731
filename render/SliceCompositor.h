#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "core/image/Image3D.h"
#include "render/SliceFrame.h"

namespace voxsiam::render {

/// An RGBA picture, rows top to bottom.
struct RgbaImage {
  std::size_t width = 0;
  std::size_t height = 0;
  std::vector<std::uint8_t> pixels;  ///< 4 bytes a pixel
};

/// How a slice is drawn: CT window/level and the label overlay.
struct SliceAppearance {
  double window = 450;  ///< HU width (abdomen: -200..250)
  double level = 25;    ///< HU centre
  double opacity = 0.5;
  /// Colour per label id (index = id); ids beyond it are drawn grey.
  std::vector<std::array<std::uint8_t, 3>> colors;
  /// Whether each label id is shown (index = id); ids beyond it are shown.
  std::vector<bool> visible;
};

/// Draws slice `slice` of `image` in `frame` with the overlay of `labels` (may be null) into
/// `out` (resized to the frame). Only rows [firstRow, lastRow] are redrawn when given, so a
/// brush dab repaints just the rows it touched.
void compositeSlice(const image::Volume& image, const image::LabelMap* labels,
                    const SliceFrame& frame, std::size_t slice, const SliceAppearance& appearance,
                    RgbaImage& out, std::size_t firstRow = 0, std::size_t lastRow = SIZE_MAX);

}  // namespace voxsiam::render
