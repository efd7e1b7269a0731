#pragma once
#include <array>
#include <cstddef>
#include <vector>

namespace voxsiam::image {

/// One centred 1-D kernel (odd length) per image axis.
using AxisKernels = std::array<std::vector<float>, 3>;

/// Convolves `values` (a box of `size` voxels, i fastest) along each axis with its kernel;
/// values beyond the box count as 0.
void convolveSeparable(std::vector<float>& values, const std::array<std::size_t, 3>& size,
                       const AxisKernels& kernels);

/// All-ones kernels reaching `mm` from the centre on `spacing` (a box filter).
AxisKernels boxKernels(const std::array<double, 3>& spacing, double mm);

/// Normalised Gaussian kernels of `sigmaMm` on `spacing`, cut at 2.5 sigma.
AxisKernels gaussianKernels(const std::array<double, 3>& spacing, double sigmaMm);

}  // namespace voxsiam::image
