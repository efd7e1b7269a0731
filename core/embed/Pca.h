#pragma once
#include <cstddef>
#include <vector>

namespace voxsiam::embed {

/// Projects `n` rows of `dimensions` values (row-major) onto their first `components` principal
/// axes (centred data, eigenvectors of the covariance, largest first). Returns n x components
/// values; when components >= dimensions the centred data is returned unchanged.
std::vector<double> principalComponents(const std::vector<double>& rows, std::size_t n,
                                        std::size_t dimensions, std::size_t components);

}  // namespace voxsiam::embed
