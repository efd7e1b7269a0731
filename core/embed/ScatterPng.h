#pragma once
#include <array>
#include <cstdint>
#include <vector>

namespace voxsiam::embed {

/// A PNG image (RGB, white background) of 2-D points drawn as small discs, each in the colour of
/// its group (`colors[group]`; groups beyond the table are grey). `xy` holds n points (x, y
/// interleaved); the plot is scaled to fit with a margin.
std::vector<std::uint8_t> scatterPng(const std::vector<double>& xy, const std::vector<int>& groups,
                                     const std::vector<std::array<std::uint8_t, 3>>& colors,
                                     int width = 800, int height = 800);

/// A palette of distinct colours for groups without colours of their own.
std::vector<std::array<std::uint8_t, 3>> defaultPalette();

}  // namespace voxsiam::embed
