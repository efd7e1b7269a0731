#include "core/embed/Tsne.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>

#include "core/embed/Affinities.h"
#include "core/embed/Parallel.h"
#include "core/embed/Pca.h"
#include "core/embed/Repulsion.h"

namespace voxsiam::embed {
namespace {

/// The input scaled as Rtsne and bhtsne do: centred, divided by the largest absolute value.
std::vector<double> prepareInput(const std::vector<double>& features, std::size_t n,
                                 std::size_t& dimensions, const TsneOptions& options) {
  for (const double value : features) {
    if (!std::isfinite(value)) throw std::invalid_argument("features hold NaN or infinite values");
  }
  std::vector<double> x = options.pcaDimensions > 0 && options.pcaDimensions < dimensions
                              ? principalComponents(features, n, dimensions, options.pcaDimensions)
                              : principalComponents(features, n, dimensions, dimensions);
  dimensions = std::min(dimensions, options.pcaDimensions > 0 ? options.pcaDimensions : dimensions);
  double largest = 0;
  for (const double value : x) largest = std::max(largest, std::fabs(value));
  if (largest > 0)
    for (double& value : x) value /= largest;
  return x;
}

/// weight[e] = p[e] / (1 + dx[e]² + dy[e]²) over one row (vectorised).
__attribute__((target_clones("avx512f", "avx2", "default"))) void attractionWeights(
    const float* p, const double* dx, const double* dy, std::size_t count, double* weight) {
  for (std::size_t e = 0; e < count; ++e) weight[e] = p[e] / (1.0 + dx[e] * dx[e] + dy[e] * dy[e]);
}

/// An order of the points in which neighbours in P lie close together (breadth-first over the
/// graph of P), so that the attraction step reads nearby memory.
std::vector<std::uint32_t> localityOrder(const SparseAffinities& p) {
  std::vector<std::uint32_t> order;
  order.reserve(p.n);
  std::vector<unsigned char> seen(p.n, 0);
  for (std::size_t start = 0; start < p.n; ++start) {
    if (seen[start]) continue;
    seen[start] = 1;
    order.push_back(std::uint32_t(start));
    for (std::size_t head = order.size() - 1; head < order.size(); ++head) {
      const std::size_t i = order[head];
      for (std::size_t e = p.rowStart[i]; e < p.rowStart[i + 1]; ++e) {
        if (seen[p.column[e]]) continue;
        seen[p.column[e]] = 1;
        order.push_back(p.column[e]);
      }
    }
  }
  return order;
}

/// P with its points renumbered: point `order[k]` becomes point k.
SparseAffinities renumbered(const SparseAffinities& p, const std::vector<std::uint32_t>& order) {
  std::vector<std::uint32_t> rank(p.n);
  for (std::size_t k = 0; k < p.n; ++k) rank[order[k]] = std::uint32_t(k);
  SparseAffinities result;
  result.n = p.n;
  result.rowStart.assign(p.n + 1, 0);
  for (std::size_t k = 0; k < p.n; ++k) {
    const std::size_t i = order[k];
    std::vector<std::pair<std::uint32_t, float>> row;
    for (std::size_t e = p.rowStart[i]; e < p.rowStart[i + 1]; ++e)
      row.emplace_back(rank[p.column[e]], p.value[e]);
    std::sort(row.begin(), row.end());
    for (const auto& [column, value] : row)
      result.column.push_back(column), result.value.push_back(value);
    result.rowStart[k + 1] = result.column.size();
  }
  return result;
}

/// The entries of P above the diagonal (P is symmetric), so each pair is visited once.
SparseAffinities upperTriangle(const SparseAffinities& p) {
  SparseAffinities upper;
  upper.n = p.n;
  upper.rowStart.assign(p.n + 1, 0);
  for (std::size_t i = 0; i < p.n; ++i) {
    for (std::size_t e = p.rowStart[i]; e < p.rowStart[i + 1]; ++e) {
      if (p.column[e] <= i) continue;
      upper.column.push_back(p.column[e]);
      upper.value.push_back(p.value[e]);
    }
    upper.rowStart[i + 1] = upper.column.size();
  }
  return upper;
}

/// Attractive forces Σ_j p_ij q_ij (y_i - y_j) (unnormalised q), from the upper triangle of P:
/// each pair adds to both of its points, in per-thread sums that are added up at the end.
void sparseAttraction(const SparseAffinities& upper, const std::vector<double>& y, double scale,
                      std::vector<double>& forces, unsigned threads) {
  forces.assign(2 * upper.n, 0.0);
  std::mutex merge;
  parallelFor(upper.n, threads, [&](std::size_t begin, std::size_t end) {
    std::vector<double> local(2 * upper.n, 0.0), dx, dy, weight;
    for (std::size_t i = begin; i < end; ++i) {
      const std::size_t first = upper.rowStart[i], count = upper.rowStart[i + 1] - first;
      dx.resize(count), dy.resize(count), weight.resize(count);
      for (std::size_t e = 0; e < count; ++e) {
        const std::size_t j = upper.column[first + e];
        dx[e] = y[2 * i] - y[2 * j];
        dy[e] = y[2 * i + 1] - y[2 * j + 1];
      }
      attractionWeights(upper.value.data() + first, dx.data(), dy.data(), count, weight.data());
      double fx = 0, fy = 0;
      for (std::size_t e = 0; e < count; ++e) {
        const std::size_t j = upper.column[first + e];
        const double wx = weight[e] * dx[e], wy = weight[e] * dy[e];
        fx += wx, fy += wy;
        local[2 * j] -= wx;
        local[2 * j + 1] -= wy;
      }
      local[2 * i] += fx;
      local[2 * i + 1] += fy;
    }
    std::lock_guard<std::mutex> lock(merge);
    for (std::size_t c = 0; c < local.size(); ++c) forces[c] += scale * local[c];
  });
}

void denseAttraction(const std::vector<double>& p, const std::vector<double>& y, std::size_t n,
                     double scale, std::vector<double>& forces, unsigned threads) {
  forces.assign(2 * n, 0.0);
  parallelFor(n, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
      for (std::size_t j = 0; j < n; ++j) {
        if (j == i) continue;
        const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
        const double weight = scale * p[i * n + j] / (1.0 + dx * dx + dy * dy);
        forces[2 * i] += weight * dx;
        forces[2 * i + 1] += weight * dy;
      }
  });
}

/// Σ_j 1 / (1 + |p - y_j|²) over a block of points (single precision, vectorised).
__attribute__((target_clones("avx512f", "avx2", "default"))) float kernelSum(float px, float py,
                                                                             const float* xs,
                                                                             const float* ys,
                                                                             std::size_t count) {
  float sum = 0;
  for (std::size_t j = 0; j < count; ++j) {
    const float dx = px - xs[j], dy = py - ys[j];
    sum += 1.0f / (1.0f + dx * dx + dy * dy);
  }
  return sum;
}

/// Exact Z over all pairs.
double exactZ(const std::vector<double>& y, std::size_t n, unsigned threads) {
  std::vector<float> xs(n), ys(n);
  for (std::size_t i = 0; i < n; ++i) xs[i] = float(y[2 * i]), ys[i] = float(y[2 * i + 1]);
  std::vector<double> partial(n, 0.0);
  parallelFor(n, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
      partial[i] = double(kernelSum(xs[i], ys[i], xs.data(), ys.data(), n)) - 1.0;
  });
  double z = 0;
  for (const double value : partial) z += value;
  return z;
}

double sparseKl(const SparseAffinities& p, const std::vector<double>& y, unsigned threads) {
  const double z = exactZ(y, p.n, threads);
  double kl = 0;
  for (std::size_t i = 0; i < p.n; ++i)
    for (std::size_t e = p.rowStart[i]; e < p.rowStart[i + 1]; ++e) {
      const std::size_t j = p.column[e];
      const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
      const double q = 1.0 / (1.0 + dx * dx + dy * dy) / z;
      if (p.value[e] > 0) kl += p.value[e] * std::log(p.value[e] / std::max(q, 1e-300));
    }
  return kl;
}

/// One gradient-descent step with momentum and per-coordinate gains (Jacobs).
void descend(std::vector<double>& y, const std::vector<double>& gradient,
             std::vector<double>& update, std::vector<double>& gains, double momentum,
             double learningRate) {
  for (std::size_t k = 0; k < y.size(); ++k) {
    const bool sameSign = (gradient[k] > 0) == (update[k] > 0);
    gains[k] = std::max(0.01, sameSign ? gains[k] * 0.8 : gains[k] + 0.2);
    update[k] = momentum * update[k] - learningRate * gains[k] * gradient[k];
    y[k] += update[k];
  }
  const std::size_t n = y.size() / 2;
  double mean[2] = {0, 0};
  for (std::size_t i = 0; i < n; ++i) mean[0] += y[2 * i], mean[1] += y[2 * i + 1];
  for (std::size_t i = 0; i < n; ++i)
    y[2 * i] -= mean[0] / double(n), y[2 * i + 1] -= mean[1] / double(n);
}

}  // namespace

double exactKl(const std::vector<double>& denseP, const std::vector<double>& embedding,
               std::size_t n) {
  const double z = exactZ(embedding, n, 1);
  double kl = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      const double p = denseP[i * n + j];
      if (i == j || p <= 0) continue;
      const double dx = embedding[2 * i] - embedding[2 * j];
      const double dy = embedding[2 * i + 1] - embedding[2 * j + 1];
      kl += p * std::log(p / (1.0 / (1.0 + dx * dx + dy * dy) / z));
    }
  return kl;
}

double embeddingKl(const std::vector<double>& features, std::size_t n, std::size_t dimensions,
                   const TsneOptions& options, const std::vector<double>& embedding) {
  std::size_t dims = dimensions;
  const std::vector<double> x = prepareInput(features, n, dims, options);
  if (options.theta <= 0)
    return exactKl(denseAffinities(x, n, dims, options.perplexity), embedding, n);
  const std::size_t k = std::min(n - 1, std::size_t(3 * options.perplexity));
  std::vector<std::uint32_t> indices;
  std::vector<double> distances;
  nearestNeighbours(x, n, dims, k, options.threads, indices, distances);
  return sparseKl(sparseAffinities(indices, distances, n, k, options.perplexity, options.threads),
                  embedding, options.threads);
}

TsneResult runTsne(const std::vector<double>& features, std::size_t n, std::size_t dimensions,
                   const TsneOptions& options, const std::function<void(int)>& progress,
                   const std::atomic<bool>* cancel) {
  if (n < 4) throw std::invalid_argument("t-SNE needs at least 4 points");
  if (features.size() != n * dimensions) throw std::invalid_argument("feature count mismatch");
  const bool exact = options.theta <= 0;
  const std::size_t k = std::min(n - 1, std::size_t(3 * options.perplexity));
  if (double(n - 1) < 3 * options.perplexity && !exact)
    throw std::invalid_argument("perplexity " + std::to_string(options.perplexity) +
                                " is too large for " + std::to_string(n) + " points");
  std::size_t dims = dimensions;
  const std::vector<double> x = prepareInput(features, n, dims, options);
  SparseAffinities sparse, upper;
  std::vector<std::uint32_t> order;  ///< point order[k] is optimised as point k
  std::vector<double> dense;
  if (exact) {
    dense = denseAffinities(x, n, dims, options.perplexity);
  } else {
    std::vector<std::uint32_t> indices;
    std::vector<double> distances;
    nearestNeighbours(x, n, dims, k, options.threads, indices, distances);
    sparse = sparseAffinities(indices, distances, n, k, options.perplexity, options.threads);
    order = localityOrder(sparse);
    upper = upperTriangle(renumbered(sparse, order));
  }
  TsneResult result;
  std::mt19937_64 random(options.seed);
  std::normal_distribution<double> gaussian(0.0, 1e-4);
  result.embedding.resize(2 * n);
  for (double& value : result.embedding) value = gaussian(random);
  std::vector<double> update(2 * n, 0.0), gains(2 * n, 1.0), attraction, repulsion, gradient(2 * n);
  auto& y = result.embedding;
  for (int iteration = 0; iteration < options.iterations; ++iteration) {
    if (cancel && cancel->load()) {
      result.cancelled = true;
      break;
    }
    const bool early = iteration < options.exaggerationIterations;
    const double scale = early ? options.earlyExaggeration : 1.0;
    if (exact) {
      denseAttraction(dense, y, n, scale, attraction, options.threads);
      exactRepulsion(y, n, repulsion, options.threads);
    } else {
      sparseAttraction(upper, y, scale, attraction, options.threads);
      barnesHutRepulsion(y, n, options.theta, repulsion, options.threads);
    }
    for (std::size_t c = 0; c < 2 * n; ++c) gradient[c] = 4.0 * (attraction[c] - repulsion[c]);
    descend(y, gradient, update, gains, early ? 0.5 : 0.8, options.learningRate);
    result.iterations = iteration + 1;
    if (progress && (iteration + 1) % 50 == 0) progress(iteration + 1);
  }
  if (!exact) {
    std::vector<double> original(2 * n);
    for (std::size_t k = 0; k < n; ++k) {
      original[2 * order[k]] = y[2 * k];
      original[2 * order[k] + 1] = y[2 * k + 1];
    }
    y.swap(original);
  }
  result.kl = exact ? exactKl(dense, y, n) : sparseKl(sparse, y, options.threads);
  return result;
}

}  // namespace voxsiam::embed
