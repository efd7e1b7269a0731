#include "core/embed/Repulsion.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/embed/Parallel.h"

namespace voxsiam::embed {
namespace {

constexpr std::size_t kLeafSize = 8;
constexpr int kMaxDepth = 40;

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

void buildCell(QuadTree& tree, const std::vector<double>& y, std::size_t cellIndex, double cx,
               double cy, double half, std::size_t begin, std::size_t end, int depth) {
  auto& order = tree.order;
  double sx = 0, sy = 0;
  for (std::size_t k = begin; k < end; ++k) sx += y[2 * order[k]], sy += y[2 * order[k] + 1];
  {
    auto& cell = tree.cells[cellIndex];
    cell.count = double(end - begin);
    cell.massX = double(sx / double(end - begin));
    cell.massY = double(sy / double(end - begin));
    cell.widthSquared = double(half * half);
    cell.pointBegin = begin;
    cell.pointEnd = end;
  }
  if (end - begin <= kLeafSize || depth >= kMaxDepth) return;
  // Partition into the four quadrants: left/right by x, then bottom/top by y.
  auto* first = order.data() + begin;
  auto* last = order.data() + end;
  auto* splitX = std::partition(first, last, [&](std::uint32_t i) { return y[2 * i] < cx; });
  auto* splitLow =
      std::partition(first, splitX, [&](std::uint32_t i) { return y[2 * i + 1] < cy; });
  auto* splitHigh =
      std::partition(splitX, last, [&](std::uint32_t i) { return y[2 * i + 1] < cy; });
  const std::size_t bounds[5] = {begin, std::size_t(splitLow - order.data()),
                                 std::size_t(splitX - order.data()),
                                 std::size_t(splitHigh - order.data()), end};
  const std::size_t children = tree.cells.size();
  tree.cells[cellIndex].firstChild = std::int64_t(children);
  tree.cells.resize(children + 4);
  const double quarter = half / 2;
  const double offsets[4][2] = {{-1, -1}, {-1, 1}, {1, -1}, {1, 1}};
  for (int q = 0; q < 4; ++q) {
    if (bounds[q] == bounds[q + 1]) {
      tree.cells[children + q].count = 0.0;
      continue;
    }
    buildCell(tree, y, children + q, cx + offsets[q][0] * quarter, cy + offsets[q][1] * quarter,
              quarter, bounds[q], bounds[q + 1], depth + 1);
  }
}

QuadTree buildTree(const std::vector<double>& y, std::size_t n) {
  double low[2] = {y[0], y[1]}, high[2] = {y[0], y[1]};
  for (std::size_t i = 0; i < n; ++i)
    for (int d = 0; d < 2; ++d)
      low[d] = std::min(low[d], y[2 * i + d]), high[d] = std::max(high[d], y[2 * i + d]);
  QuadTree tree;
  tree.order.resize(n);
  for (std::size_t i = 0; i < n; ++i) tree.order[i] = std::uint32_t(i);
  tree.cells.reserve(n);
  tree.cells.resize(1);
  const double half = std::max(high[0] - low[0], high[1] - low[1]) / 2 + 1e-6;
  buildCell(tree, y, 0, (low[0] + high[0]) / 2, (low[1] + high[1]) / 2, half, 0, n, 0);
  tree.sortedX.resize(n);
  tree.sortedY.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    tree.sortedX[k] = double(y[2 * tree.order[k]]);
    tree.sortedY[k] = double(y[2 * tree.order[k] + 1]);
  }
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
    if (cell.count == 0) continue;
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
      for (int c = 0; c < 4; ++c) stack[top++] = std::uint32_t(cell.firstChild + c);
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
