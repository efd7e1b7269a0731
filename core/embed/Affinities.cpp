#include "core/embed/Affinities.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>
#include <tuple>

#include "core/embed/Parallel.h"

namespace voxsiam::embed {
namespace {

constexpr std::size_t kBlock = 1024;

/// acc[j] = a · b_j for the candidates of one block (b stored dimension-major).
__attribute__((target_clones("avx512f", "avx2", "default"))) void dotBlock(
    const float* a, const float* bColumns, std::size_t stride, std::size_t count,
    std::size_t dimensions, float* acc) {
  for (std::size_t j = 0; j < count; ++j) acc[j] = 0;
  for (std::size_t d = 0; d < dimensions; ++d) {
    const float weight = a[d];
    const float* row = bColumns + d * stride;
    for (std::size_t j = 0; j < count; ++j) acc[j] += weight * row[j];
  }
}

/// Conditional probabilities of one point's neighbours for the target entropy log(perplexity).
void calibrateRow(const double* distances, std::size_t k, double perplexity, double* out) {
  const double target = std::log(perplexity);
  double beta = 1, low = -1, high = -1;
  for (int iteration = 0; iteration < 200; ++iteration) {
    double sum = 0, weighted = 0;
    for (std::size_t j = 0; j < k; ++j) {
      out[j] = std::exp(-beta * (distances[j] - distances[0]));
      sum += out[j];
      weighted += beta * (distances[j] - distances[0]) * out[j];
    }
    const double entropy = std::log(sum) + weighted / sum;
    for (std::size_t j = 0; j < k; ++j) out[j] /= sum;
    if (std::fabs(entropy - target) < 1e-5) break;
    if (entropy > target) {
      low = beta;
      beta = high < 0 ? beta * 2 : (beta + high) / 2;
    } else {
      high = beta;
      beta = low < 0 ? beta / 2 : (beta + low) / 2;
    }
  }
}

}  // namespace

void nearestNeighbours(const std::vector<double>& points, std::size_t n, std::size_t dimensions,
                       std::size_t k, unsigned threads, std::vector<std::uint32_t>& indices,
                       std::vector<double>& squaredDistances) {
  std::vector<float> rows(points.begin(), points.end());
  std::vector<float> columns(dimensions * n), norms(n, 0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t d = 0; d < dimensions; ++d) {
      columns[d * n + i] = rows[i * dimensions + d];
      norms[i] += rows[i * dimensions + d] * rows[i * dimensions + d];
    }
  indices.assign(n * k, 0);
  squaredDistances.assign(n * k, 0);
  parallelFor(n, threads, [&](std::size_t begin, std::size_t end) {
    std::vector<float> acc(kBlock);
    for (std::size_t i = begin; i < end; ++i) {
      std::priority_queue<std::pair<float, std::uint32_t>> best;
      for (std::size_t start = 0; start < n; start += kBlock) {
        const std::size_t count = std::min(kBlock, n - start);
        dotBlock(rows.data() + i * dimensions, columns.data() + start, n, count, dimensions,
                 acc.data());
        for (std::size_t j = 0; j < count; ++j) {
          if (start + j == i) continue;
          const float distance = std::max(0.0f, norms[i] + norms[start + j] - 2 * acc[j]);
          if (best.size() < k) {
            best.emplace(distance, std::uint32_t(start + j));
          } else if (distance < best.top().first) {
            best.pop();
            best.emplace(distance, std::uint32_t(start + j));
          }
        }
      }
      for (std::size_t slot = best.size(); slot-- > 0; best.pop()) {
        indices[i * k + slot] = best.top().second;
        squaredDistances[i * k + slot] = best.top().first;
      }
    }
  });
}

SparseAffinities sparseAffinities(const std::vector<std::uint32_t>& indices,
                                  const std::vector<double>& squaredDistances, std::size_t n,
                                  std::size_t k, double perplexity, unsigned threads) {
  std::vector<double> conditional(n * k);
  parallelFor(n, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
      calibrateRow(squaredDistances.data() + i * k, k, perplexity, conditional.data() + i * k);
  });
  std::vector<std::tuple<std::uint32_t, std::uint32_t, double>> entries;
  entries.reserve(2 * n * k);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      const double value = conditional[i * k + j] / (2.0 * double(n));
      entries.emplace_back(std::uint32_t(i), indices[i * k + j], value);
      entries.emplace_back(indices[i * k + j], std::uint32_t(i), value);
    }
  std::sort(entries.begin(), entries.end());
  SparseAffinities p;
  p.n = n;
  p.rowStart.assign(n + 1, 0);
  for (std::size_t e = 0; e < entries.size(); ++e) {
    const auto [row, column, value] = entries[e];
    if (!p.column.empty() && e > 0 && std::get<0>(entries[e - 1]) == row &&
        std::get<1>(entries[e - 1]) == column) {
      p.value.back() += value;
      continue;
    }
    p.column.push_back(column);
    p.value.push_back(value);
    ++p.rowStart[row + 1];
  }
  std::partial_sum(p.rowStart.begin(), p.rowStart.end(), p.rowStart.begin());
  return p;
}

std::vector<double> denseAffinities(const std::vector<double>& points, std::size_t n,
                                    std::size_t dimensions, double perplexity) {
  std::vector<double> p(n * n, 0.0), distances(n), row(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<double> others;
    std::vector<std::size_t> who;
    for (std::size_t j = 0; j < n; ++j) {
      if (j == i) continue;
      double d2 = 0;
      for (std::size_t d = 0; d < dimensions; ++d) {
        const double delta = points[i * dimensions + d] - points[j * dimensions + d];
        d2 += delta * delta;
      }
      others.push_back(d2);
      who.push_back(j);
    }
    std::vector<std::size_t> order(others.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return others[a] < others[b]; });
    std::vector<double> sorted(others.size()), probabilities(others.size());
    for (std::size_t m = 0; m < order.size(); ++m) sorted[m] = others[order[m]];
    calibrateRow(sorted.data(), sorted.size(), perplexity, probabilities.data());
    for (std::size_t m = 0; m < order.size(); ++m) p[i * n + who[order[m]]] = probabilities[m];
  }
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      const double value = (p[i * n + j] + p[j * n + i]) / (2.0 * double(n));
      p[i * n + j] = p[j * n + i] = value;
    }
  return p;
}

}  // namespace voxsiam::embed
