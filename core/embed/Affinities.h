#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace voxsiam::embed {

/// Symmetric joint probabilities P of t-SNE in compressed sparse rows (sum of all values = 1).
struct SparseAffinities {
  std::size_t n = 0;
  std::vector<std::size_t> rowStart;  ///< n + 1 offsets
  std::vector<std::uint32_t> column;
  std::vector<float>
      value;  ///< single precision: the attraction step streams these every iteration
};

/// The `k` nearest neighbours of each of `n` points (`dimensions` values each, row-major) by
/// exact Euclidean distance: indices and squared distances, nearest first (row i: k entries).
void nearestNeighbours(const std::vector<double>& points, std::size_t n, std::size_t dimensions,
                       std::size_t k, unsigned threads, std::vector<std::uint32_t>& indices,
                       std::vector<double>& squaredDistances);

/// Conditional probabilities over each point's k neighbours with the Gaussian width found by
/// bisection so that the perplexity equals `perplexity`, symmetrised and normalised.
SparseAffinities sparseAffinities(const std::vector<std::uint32_t>& indices,
                                  const std::vector<double>& squaredDistances, std::size_t n,
                                  std::size_t k, double perplexity, unsigned threads);

/// The same over all other points (exact t-SNE): a dense n x n matrix, row-major.
std::vector<double> denseAffinities(const std::vector<double>& points, std::size_t n,
                                    std::size_t dimensions, double perplexity);

}  // namespace voxsiam::embed
