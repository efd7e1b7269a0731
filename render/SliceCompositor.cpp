#include "render/SliceCompositor.h"

#include <algorithm>
#include <cmath>

namespace voxsiam::render {
namespace {

std::uint8_t grey(float hu, double low, double scale) {
  const double value = (hu - low) * scale;
  return static_cast<std::uint8_t>(std::clamp(value, 0.0, 255.0));
}

void blend(std::uint8_t* pixel, std::uint8_t value, const std::array<std::uint8_t, 3>& color,
           double opacity) {
  for (int channel = 0; channel < 3; ++channel) {
    pixel[channel] =
        static_cast<std::uint8_t>(value * (1 - opacity) + color[channel] * opacity + 0.5);
  }
}

}  // namespace

void compositeSlice(const image::Volume& image, const image::LabelMap* labels,
                    const SliceFrame& frame, std::size_t slice,
                    const image::SliceAppearance& appearance, RgbaImage& out, std::size_t firstRow,
                    std::size_t lastRow) {
  if (out.width != frame.width || out.height != frame.height) {
    out.width = frame.width, out.height = frame.height;
    out.pixels.assign(frame.width * frame.height * 4, 255);
    firstRow = 0, lastRow = SIZE_MAX;
  }
  lastRow = std::min(lastRow, frame.height - 1);
  const double low = appearance.level - appearance.window / 2;
  const double scale = 255.0 / std::max(1.0, appearance.window);
  const std::array<std::uint8_t, 3> fallback{200, 200, 200};
  const auto& geometry = image.geometry();
  for (std::size_t v = firstRow; v <= lastRow; ++v) {
    std::uint8_t* pixel = out.pixels.data() + v * frame.width * 4;
    for (std::size_t u = 0; u < frame.width; ++u, pixel += 4) {
      const auto ijk = frame.voxel(u, v, slice);
      const std::size_t index = geometry.linearIndex(ijk[0], ijk[1], ijk[2]);
      const std::uint8_t value = grey(image[index], low, scale);
      pixel[0] = pixel[1] = pixel[2] = value;
      const std::uint16_t label = labels ? (*labels)[index] : 0;
      if (label == 0) continue;
      if (label < appearance.visible.size() && !appearance.visible[label]) continue;
      blend(pixel, value, label < appearance.colors.size() ? appearance.colors[label] : fallback,
            appearance.opacity);
    }
  }
}

void tintUncertainty(const image::Volume& uncertainty, const SliceFrame& frame, std::size_t slice,
                     double from, RgbaImage& out, std::size_t firstRow, std::size_t lastRow) {
  if (out.width != frame.width || out.height != frame.height || frame.height == 0) return;
  lastRow = std::min(lastRow, frame.height - 1);
  const auto& geometry = uncertainty.geometry();
  const double span = std::max(1e-6, 1.0 - from);
  for (std::size_t v = firstRow; v <= lastRow; ++v) {
    std::uint8_t* pixel = out.pixels.data() + v * frame.width * 4;
    for (std::size_t u = 0; u < frame.width; ++u, pixel += 4) {
      const auto ijk = frame.voxel(u, v, slice);
      const float value = uncertainty[geometry.linearIndex(ijk[0], ijk[1], ijk[2])];
      const double level = std::isnan(value) ? 1.0 : double(value);
      if (level < from) continue;
      const double strength = std::clamp((level - from) / span, 0.0, 1.0);
      const std::array<std::uint8_t, 3> color{255, std::uint8_t(230 * (1 - strength)), 0};
      for (int channel = 0; channel < 3; ++channel)
        pixel[channel] = std::uint8_t(pixel[channel] * (0.55 - 0.3 * strength) +
                                      color[channel] * (0.45 + 0.3 * strength) + 0.5);
    }
  }
}

}  // namespace voxsiam::render
