#pragma once
#include <cstddef>
#include <vector>

namespace voxsiam::embed {

/// The repulsive part of the 2-D t-SNE gradient with a Barnes-Hut quadtree: cells that look
/// smaller than `theta` (half the cell width / distance to its centre of mass, the criterion of
/// van der Maaten's bhtsne and Rtsne) act as one point at their centre of mass. `y`
/// holds n points (x, y interleaved). Fills `forces` (2n) with Σ_j q_ij² (y_i - y_j) / Z and
/// returns Z = Σ_{i≠j} 1 / (1 + |y_i - y_j|²), both approximated.
double barnesHutRepulsion(const std::vector<double>& y, std::size_t n, double theta,
                          std::vector<double>& forces, unsigned threads);

/// The same exactly, over all pairs.
double exactRepulsion(const std::vector<double>& y, std::size_t n, std::vector<double>& forces,
                      unsigned threads);

}  // namespace voxsiam::embed
