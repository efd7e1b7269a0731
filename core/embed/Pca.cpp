#include "core/embed/Pca.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace voxsiam::embed {
namespace {

/// Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: returns eigenvalues and
/// fills `vectors` (column k = eigenvector k, row-major d x d).
std::vector<double> symmetricEigen(std::vector<double> a, std::size_t d,
                                   std::vector<double>& vectors) {
  vectors.assign(d * d, 0.0);
  for (std::size_t i = 0; i < d; ++i) vectors[i * d + i] = 1;
  for (int sweep = 0; sweep < 60; ++sweep) {
    double off = 0;
    for (std::size_t p = 0; p < d; ++p)
      for (std::size_t q = p + 1; q < d; ++q) off += a[p * d + q] * a[p * d + q];
    if (off < 1e-22) break;
    for (std::size_t p = 0; p < d; ++p)
      for (std::size_t q = p + 1; q < d; ++q) {
        if (std::fabs(a[p * d + q]) < 1e-300) continue;
        const double theta = (a[q * d + q] - a[p * d + p]) / (2 * a[p * d + q]);
        const double t = (theta >= 0 ? 1 : -1) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
        const double c = 1 / std::sqrt(t * t + 1), s = t * c;
        for (std::size_t k = 0; k < d; ++k) {
          const double akp = a[k * d + p], akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (std::size_t k = 0; k < d; ++k) {
          const double apk = a[p * d + k], aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (std::size_t k = 0; k < d; ++k) {
          const double vkp = vectors[k * d + p], vkq = vectors[k * d + q];
          vectors[k * d + p] = c * vkp - s * vkq;
          vectors[k * d + q] = s * vkp + c * vkq;
        }
      }
  }
  std::vector<double> values(d);
  for (std::size_t i = 0; i < d; ++i) values[i] = a[i * d + i];
  return values;
}

}  // namespace

std::vector<double> principalComponents(const std::vector<double>& rows, std::size_t n,
                                        std::size_t dimensions, std::size_t components) {
  std::vector<double> centred = rows;
  for (std::size_t k = 0; k < dimensions; ++k) {
    double mean = 0;
    for (std::size_t i = 0; i < n; ++i) mean += rows[i * dimensions + k];
    mean /= double(std::max<std::size_t>(n, 1));
    for (std::size_t i = 0; i < n; ++i) centred[i * dimensions + k] -= mean;
  }
  if (components >= dimensions) return centred;
  std::vector<double> covariance(dimensions * dimensions, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const double* row = centred.data() + i * dimensions;
    for (std::size_t p = 0; p < dimensions; ++p)
      for (std::size_t q = p; q < dimensions; ++q)
        covariance[p * dimensions + q] += row[p] * row[q];
  }
  for (std::size_t p = 0; p < dimensions; ++p)
    for (std::size_t q = 0; q < p; ++q)
      covariance[p * dimensions + q] = covariance[q * dimensions + p];
  std::vector<double> vectors;
  const auto values = symmetricEigen(covariance, dimensions, vectors);
  std::vector<std::size_t> order(dimensions);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return values[a] > values[b]; });
  std::vector<double> projected(n * components, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t c = 0; c < components; ++c) {
      double sum = 0;
      for (std::size_t k = 0; k < dimensions; ++k)
        sum += centred[i * dimensions + k] * vectors[k * dimensions + order[c]];
      projected[i * components + c] = sum;
    }
  return projected;
}

}  // namespace voxsiam::embed
