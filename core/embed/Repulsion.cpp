#include "core/embed/Repulsion.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/embed/Parallel.h"

namespace voxsiam::embed {
namespace {

constexpr std::size_t kLeafSize = 8;

/// A quadtree in flat arrays: each cell has its centre of mass, point count, width and either
/// four children or (as a leaf) a range of point indices.
struct QuadTree {
  struct Cell {
    double massX = 0, massY = 0;
    double widthSquared = 0;  ///< of the half width, the size bhtsne's criterion uses
    double count = 0;
    std::int64_t firstChild = -1;  ///< index of 4 consecutive children, -1 for a leaf
    std::size_t pointBegin = 0, pointEnd = 0;
  };
  std::vector<Cell> cells;
  std::vector<std::uint32_t> order;      ///< point indices grouped by leaf
  std::vector<double> sortedX, sortedY;  ///< positions in `order`, so leaves read contiguously
};

/// Interleaves the bits of two 16-bit coordinates (x in the even bits).
std::uint32_t mortonCode(std::uint32_t x, std::uint32_t y) {
  auto spread = [](std::uint32_t v) {
    v = (v | (v << 8)) & 0x00FF00FFu;
    v = (v | (v << 4)) & 0x0F0F0F0Fu;
    v = (v | (v << 2)) & 0x33333333u;
    v = (v | (v << 1)) & 0x55555555u;
    return v;
  };
  return spread(x) | (spread(y) << 1);
}

/// Sorts (code, index) pairs by code with four 8-bit radix passes.
void radixSort(std::vector<std::uint64_t>& keys) {
  std::vector<std::uint64_t> buffer(keys.size());
  for (int shift = 32; shift < 64; shift += 8) {
    std::array<std::size_t, 257> count{};
    for (const auto key : keys) ++count[((key >> shift) & 0xFF) + 1];
    for (std::size_t b = 1; b < count.size(); ++b) count[b] += count[b - 1];
    for (const auto key : keys) buffer[count[(key >> shift) & 0xFF]++] = key;
    keys.swap(buffer);
  }
}

/// Builds the cell for codes [begin, end) that share their top 2·depth bits; children split on
/// the next two bits. Centres of mass are summed from the children.
void buildCell(QuadTree& tree, const std::vector<std::uint32_t>& codes, std::size_t cellIndex,
               double width, std::size_t begin, std::size_t end, int depth) {
  tree.cells[cellIndex].count = double(end - begin);
  tree.cells[cellIndex].widthSquared = width * width / 4;  // half width, as bhtsne
  tree.cells[cellIndex].pointBegin = begin;
  tree.cells[cellIndex].pointEnd = end;
  if (end - begin <= kLeafSize || depth >= 16) {
    double sx = 0, sy = 0;
    for (std::size_t k = begin; k < end; ++k) sx += tree.sortedX[k], sy += tree.sortedY[k];
    tree.cells[cellIndex].massX = sx / double(end - begin);
    tree.cells[cellIndex].massY = sy / double(end - begin);
    return;
  }
  const int shift = 30 - 2 * depth;
  std::size_t bounds[5] = {begin, 0, 0, 0, end};
  for (std::uint32_t quadrant = 1; quadrant < 4; ++quadrant) {
    bounds[quadrant] =
        std::size_t(std::partition_point(
                        codes.begin() + std::ptrdiff_t(bounds[quadrant - 1]),
                        codes.begin() + std::ptrdiff_t(end),
                        [&](std::uint32_t code) { return ((code >> shift) & 3u) < quadrant; }) -
                    codes.begin());
  }
  const std::size_t children = tree.cells.size();
  tree.cells[cellIndex].firstChild = std::int64_t(children);
  tree.cells.resize(children + 4);
  double sx = 0, sy = 0;
  for (int q = 0; q < 4; ++q) {
    if (bounds[q] == bounds[q + 1]) continue;
    buildCell(tree, codes, children + std::size_t(q), width / 2, bounds[q], bounds[q + 1],
              depth + 1);
    const auto& child = tree.cells[children + std::size_t(q)];
    sx += child.massX * child.count;
    sy += child.massY * child.count;
  }
  tree.cells[cellIndex].massX = sx / double(end - begin);
  tree.cells[cellIndex].massY = sy / double(end - begin);
}

QuadTree buildTree(const std::vector<double>& y, std::size_t n) {
  double low[2] = {y[0], y[1]}, high[2] = {y[0], y[1]};
  for (std::size_t i = 0; i < n; ++i)
    for (int d = 0; d < 2; ++d)
      low[d] = std::min(low[d], y[2 * i + d]), high[d] = std::max(high[d], y[2 * i + d]);
  const double span = std::max(high[0] - low[0], high[1] - low[1]) * (1 + 1e-9) + 1e-12;
  std::vector<std::uint64_t> keys(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto qx = std::uint32_t((y[2 * i] - low[0]) / span * 65535.0);
    const auto qy = std::uint32_t((y[2 * i + 1] - low[1]) / span * 65535.0);
    keys[i] = (std::uint64_t(mortonCode(qx, qy)) << 32) | i;
  }
  radixSort(keys);
  QuadTree tree;
  tree.order.resize(n);
  tree.sortedX.resize(n);
  tree.sortedY.resize(n);
  std::vector<std::uint32_t> codes(n);
  for (std::size_t k = 0; k < n; ++k) {
    const auto i = std::uint32_t(keys[k] & 0xFFFFFFFFu);
    tree.order[k] = i;
    codes[k] = std::uint32_t(keys[k] >> 32);
    tree.sortedX[k] = y[2 * i];
    tree.sortedY[k] = y[2 * i + 1];
  }
  tree.cells.reserve(n);
  tree.cells.resize(1);
  buildCell(tree, codes, 0, span, 0, n, 0);
  return tree;
}

/// Z contribution and repulsive force on point i.
double repulseOne(const QuadTree& tree, const std::vector<double>& y, std::size_t i,
                  double thetaSquared, double& forceX, double& forceY) {
  const double px = double(y[2 * i]), py = double(y[2 * i + 1]);
  double z = 0, fx = 0, fy = 0;
  std::array<std::uint32_t, 256> stack;
  std::size_t top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const auto& cell = tree.cells[stack[--top]];
    const double dx = px - cell.massX, dy = py - cell.massY;
    const double d2 = dx * dx + dy * dy;
    if (cell.widthSquared < thetaSquared * d2) {
      const double q = 1.0 / (1.0 + d2);
      const double cq = cell.count * q;
      z += cq;
      fx += cq * q * dx;
      fy += cq * q * dy;
    } else if (cell.firstChild < 0) {
      for (std::size_t k = cell.pointBegin; k < cell.pointEnd; ++k) {
        const double ex = px - tree.sortedX[k], ey = py - tree.sortedY[k];
        const double q = 1.0 / (1.0 + ex * ex + ey * ey);
        z += q;
        fx += q * q * ex;
        fy += q * q * ey;
      }
    } else {
      for (int c = 0; c < 4; ++c)
        if (tree.cells[std::size_t(cell.firstChild + c)].count > 0)
          stack[top++] = std::uint32_t(cell.firstChild + c);
    }
  }
  forceX = fx;
  forceY = fy;
  return z;
}

}  // namespace

double barnesHutRepulsion(const std::vector<double>& y, std::size_t n, double theta,
                          std::vector<double>& forces, unsigned threads) {
  const QuadTree tree = buildTree(y, n);
  forces.assign(2 * n, 0.0);
  std::vector<double> partial(n, 0.0);
  const double thetaSquared = double(theta * theta);
  parallelFor(n, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t k = begin; k < end; ++k) {
      const std::uint32_t i = tree.order[k];
      // The point itself sits in its leaf at distance 0 and adds q = 1 to Z (no force).
      partial[i] = repulseOne(tree, y, i, thetaSquared, forces[2 * i], forces[2 * i + 1]) - 1.0;
    }
  });
  double z = 0;
  for (const double value : partial) z += value;
  for (double& force : forces) force /= z;
  return z;
}

double exactRepulsion(const std::vector<double>& y, std::size_t n, std::vector<double>& forces,
                      unsigned threads) {
  forces.assign(2 * n, 0.0);
  std::vector<double> partial(n, 0.0);
  parallelFor(n, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      double fx = 0, fy = 0, sum = 0;
      for (std::size_t j = 0; j < n; ++j) {
        if (j == i) continue;
        const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
        const double q = 1.0 / (1.0 + dx * dx + dy * dy);
        sum += q;
        fx += q * q * dx;
        fy += q * q * dy;
      }
      partial[i] = sum;
      forces[2 * i] = fx;
      forces[2 * i + 1] = fy;
    }
  });
  double z = 0;
  for (const double value : partial) z += value;
  for (double& force : forces) force /= z;
  return z;
}

}  // namespace voxsiam::embed
