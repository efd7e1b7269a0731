#include "core/image/SliceOutlines.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace voxsiam::image {
namespace {

/// A voxel corner: (column, row) of the corner at the voxel's lower-left, i.e. centre - 0.5.
using Corner = std::array<long, 2>;

/// Directed edges around the region, the region on the left of each (counter-clockwise around
/// every voxel), keyed by their start corner.
std::multimap<Corner, Corner> boundaryEdges(const LabelMap& labels, std::uint16_t id,
                                            std::size_t k) {
  const long columns = static_cast<long>(labels.size()[0]);
  const long rows = static_cast<long>(labels.size()[1]);
  const std::uint16_t* slice = labels.voxels().data() + k * columns * rows;
  const auto in = [&](long c, long r) {
    return c >= 0 && r >= 0 && c < columns && r < rows && slice[r * columns + c] == id;
  };
  std::multimap<Corner, Corner> edges;
  for (long r = 0; r < rows; ++r)
    for (long c = 0; c < columns; ++c) {
      if (!in(c, r)) continue;
      if (!in(c, r - 1)) edges.insert({{c, r}, {c + 1, r}});
      if (!in(c + 1, r)) edges.insert({{c + 1, r}, {c + 1, r + 1}});
      if (!in(c, r + 1)) edges.insert({{c + 1, r + 1}, {c, r + 1}});
      if (!in(c - 1, r)) edges.insert({{c, r + 1}, {c, r}});
    }
  return edges;
}

/// Drops the points of `corners` that lie on a straight line between their neighbours.
Outline simplified(const std::vector<Corner>& corners) {
  Outline outline;
  const std::size_t n = corners.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Corner& before = corners[(i + n - 1) % n];
    const Corner& here = corners[i];
    const Corner& after = corners[(i + 1) % n];
    const long cross =
        (here[0] - before[0]) * (after[1] - here[1]) - (here[1] - before[1]) * (after[0] - here[0]);
    if (cross != 0) outline.push_back({here[0] - 0.5, here[1] - 0.5});
  }
  return outline;
}

}  // namespace

std::vector<Outline> sliceOutlines(const LabelMap& labels, std::uint16_t id, std::size_t k) {
  auto edges = boundaryEdges(labels, id, k);
  std::vector<Outline> outlines;
  while (!edges.empty()) {
    const Corner start = edges.begin()->first;
    std::vector<Corner> corners;
    Corner at = start;
    do {
      const auto edge = edges.find(at);
      corners.push_back(at);
      at = edge->second;
      edges.erase(edge);
    } while (at != start && edges.count(at));
    outlines.push_back(simplified(corners));
  }
  return outlines;
}

void fillOutlines(const std::vector<Outline>& outlines, std::size_t columns, std::size_t rows,
                  std::vector<bool>& inside) {
  inside.assign(columns * rows, false);
  std::vector<double> crossings;
  for (std::size_t row = 0; row < rows; ++row) {
    const double y = static_cast<double>(row);
    crossings.clear();
    for (const Outline& outline : outlines)
      for (std::size_t p = 0; p < outline.size(); ++p) {
        const auto& a = outline[p];
        const auto& b = outline[(p + 1) % outline.size()];
        if ((a[1] <= y) == (b[1] <= y)) continue;  // the edge does not cross this row
        crossings.push_back(a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]));
      }
    std::sort(crossings.begin(), crossings.end());
    for (std::size_t pair = 0; pair + 1 < crossings.size(); pair += 2) {
      const double first = std::max(0.0, std::ceil(crossings[pair]));
      const double last =
          std::min(static_cast<double>(columns) - 1, std::floor(crossings[pair + 1]));
      for (double column = first; column <= last; ++column)
        if (column > crossings[pair] && column < crossings[pair + 1])
          inside[row * columns + static_cast<std::size_t>(column)] = true;
    }
  }
}

}  // namespace voxsiam::image
