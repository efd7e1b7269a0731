#pragma once
#include <array>
#include <cstdint>
#include <vector>

namespace voxsiam::image {

/// How a slice is drawn: CT window/level and the label overlay. Plain settings, shared by the
/// view-models that change them and the renderer that draws with them.
struct SliceAppearance {
  double window = 450;  ///< HU width (abdomen: -200..250)
  double level = 25;    ///< HU centre
  double opacity = 0.5;
  /// Colour per label id (index = id); ids beyond it are drawn grey.
  std::vector<std::array<std::uint8_t, 3>> colors;
  /// Whether each label id is shown (index = id); ids beyond it are shown.
  std::vector<bool> visible;
};

}  // namespace voxsiam::image
