#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "core/image/Image3D.h"
#include "core/image/SliceAppearance.h"
#include "render/SliceFrame.h"

namespace voxsiam::render {

/// An RGBA picture, rows top to bottom.
struct RgbaImage {
  std::size_t width = 0;
  std::size_t height = 0;
  std::vector<std::uint8_t> pixels;  ///< 4 bytes a pixel
};

/// Draws slice `slice` of `image` in `frame` with the overlay of `labels` (may be null) into
/// `out` (resized to the frame). Only rows [firstRow, lastRow] are redrawn when given, so a
/// brush dab repaints just the rows it touched.
void compositeSlice(const image::Volume& image, const image::LabelMap* labels,
                    const SliceFrame& frame, std::size_t slice,
                    const image::SliceAppearance& appearance, RgbaImage& out,
                    std::size_t firstRow = 0, std::size_t lastRow = SIZE_MAX);

/// Tints rows [firstRow, lastRow] of `out` (drawn by compositeSlice for the same frame and
/// slice) where `uncertainty` (0..1, the image's grid) reaches `from`: yellow at `from` turning
/// red at 1, more opaque the more uncertain; NaN counts as 1.
void tintUncertainty(const image::Volume& uncertainty, const SliceFrame& frame, std::size_t slice,
                     double from, RgbaImage& out, std::size_t firstRow = 0,
                     std::size_t lastRow = SIZE_MAX);

}  // namespace voxsiam::render
