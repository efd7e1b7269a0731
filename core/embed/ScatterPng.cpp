#include "core/embed/ScatterPng.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace voxsiam::embed {
namespace {

void appendBigEndian(std::vector<std::uint8_t>& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(std::uint8_t(value >> shift));
}

void appendChunk(std::vector<std::uint8_t>& png, const char* type,
                 const std::vector<std::uint8_t>& data) {
  appendBigEndian(png, std::uint32_t(data.size()));
  std::vector<std::uint8_t> body(type, type + 4);
  body.insert(body.end(), data.begin(), data.end());
  png.insert(png.end(), body.begin(), body.end());
  appendBigEndian(png, std::uint32_t(crc32(0, body.data(), uInt(body.size()))));
}

std::vector<std::uint8_t> encodePng(const std::vector<std::uint8_t>& rgb, int width, int height) {
  std::vector<std::uint8_t> raw;
  raw.reserve(std::size_t(height) * (std::size_t(width) * 3 + 1));
  for (int y = 0; y < height; ++y) {
    raw.push_back(0);  // no filter
    raw.insert(raw.end(), rgb.begin() + std::ptrdiff_t(y) * width * 3,
               rgb.begin() + std::ptrdiff_t(y + 1) * width * 3);
  }
  uLongf packedSize = compressBound(uLong(raw.size()));
  std::vector<std::uint8_t> packed(packedSize);
  compress2(packed.data(), &packedSize, raw.data(), uLong(raw.size()), 6);
  packed.resize(packedSize);
  std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  std::vector<std::uint8_t> header;
  appendBigEndian(header, std::uint32_t(width));
  appendBigEndian(header, std::uint32_t(height));
  header.insert(header.end(), {8, 2, 0, 0, 0});  // 8-bit RGB
  appendChunk(png, "IHDR", header);
  appendChunk(png, "IDAT", packed);
  appendChunk(png, "IEND", {});
  return png;
}

}  // namespace

std::vector<std::array<std::uint8_t, 3>> defaultPalette() {
  return {{31, 119, 180}, {255, 127, 14},  {44, 160, 44},   {214, 39, 40},  {148, 103, 189},
          {140, 86, 75},  {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207}};
}

std::vector<std::uint8_t> scatterPng(const std::vector<double>& xy, const std::vector<int>& groups,
                                     const std::vector<std::array<std::uint8_t, 3>>& colors,
                                     int width, int height) {
  std::vector<std::uint8_t> rgb(std::size_t(width) * std::size_t(height) * 3, 255);
  const std::size_t n = xy.size() / 2;
  double low[2] = {1e300, 1e300}, high[2] = {-1e300, -1e300};
  for (std::size_t i = 0; i < n; ++i)
    for (int d = 0; d < 2; ++d)
      low[d] = std::min(low[d], xy[2 * i + d]), high[d] = std::max(high[d], xy[2 * i + d]);
  const double margin = 20;
  const double scale = std::min((width - 2 * margin) / std::max(high[0] - low[0], 1e-9),
                                (height - 2 * margin) / std::max(high[1] - low[1], 1e-9));
  for (std::size_t i = 0; i < n; ++i) {
    const int group = i < groups.size() ? groups[i] : 0;
    const std::array<std::uint8_t, 3> color = group >= 0 && std::size_t(group) < colors.size()
                                                  ? colors[std::size_t(group)]
                                                  : std::array<std::uint8_t, 3>{150, 150, 150};
    const int cx = int(margin + (xy[2 * i] - low[0]) * scale);
    const int cy = int(height - margin - (xy[2 * i + 1] - low[1]) * scale);
    for (int dy = -2; dy <= 2; ++dy)
      for (int dx = -2; dx <= 2; ++dx) {
        const int x = cx + dx, y = cy + dy;
        if (dx * dx + dy * dy > 5 || x < 0 || y < 0 || x >= width || y >= height) continue;
        std::copy(color.begin(), color.end(), rgb.begin() + (std::ptrdiff_t(y) * width + x) * 3);
      }
  }
  return encodePng(rgb, width, height);
}

}  // namespace voxsiam::embed
