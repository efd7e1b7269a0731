#include "core/image/SeparableFilter.h"

#include <cmath>

namespace voxsiam::image {
namespace {

/// Runs `line(values, stride, count)` over every line of the box along `axis`.
template <typename Line>
void forEachLine(const std::array<std::size_t, 3>& size, int axis, Line line) {
  const std::size_t strides[3] = {1, size[0], size[0] * size[1]};
  const int a = axis == 0 ? 1 : 0, b = axis == 2 ? 1 : 2;
  for (std::size_t q = 0; q < size[b]; ++q)
    for (std::size_t p = 0; p < size[a]; ++p) line(p * strides[a] + q * strides[b], strides[axis]);
}

}  // namespace

void convolveSeparable(std::vector<float>& values, const std::array<std::size_t, 3>& size,
                       const AxisKernels& kernels) {
  std::vector<float> line, out;
  for (int axis = 0; axis < 3; ++axis) {
    const auto& kernel = kernels[axis];
    const long long half = (long long)(kernel.size() / 2);
    const long long count = (long long)size[axis];
    forEachLine(size, axis, [&](std::size_t start, std::size_t stride) {
      line.resize(std::size_t(count));
      out.assign(std::size_t(count), 0.0f);
      for (long long n = 0; n < count; ++n)
        line[std::size_t(n)] = values[start + std::size_t(n) * stride];
      for (long long n = 0; n < count; ++n) {
        float sum = 0;
        for (long long t = -half; t <= half; ++t) {
          const long long at = n + t;
          if (at >= 0 && at < count) sum += kernel[std::size_t(t + half)] * line[std::size_t(at)];
        }
        out[std::size_t(n)] = sum;
      }
      for (long long n = 0; n < count; ++n)
        values[start + std::size_t(n) * stride] = out[std::size_t(n)];
    });
  }
}

AxisKernels boxKernels(const std::array<double, 3>& spacing, double mm) {
  AxisKernels kernels;
  for (int axis = 0; axis < 3; ++axis) {
    const auto half = std::size_t(std::floor(mm / spacing[axis] + 1e-9));
    kernels[axis].assign(2 * half + 1, 1.0f);
  }
  return kernels;
}

AxisKernels gaussianKernels(const std::array<double, 3>& spacing, double sigmaMm) {
  AxisKernels kernels;
  for (int axis = 0; axis < 3; ++axis) {
    const double sigma = sigmaMm / spacing[axis];
    const auto half = std::size_t(std::ceil(2.5 * sigma));
    auto& kernel = kernels[axis];
    kernel.resize(2 * half + 1);
    double total = 0;
    for (std::size_t n = 0; n < kernel.size(); ++n) {
      const double x = double(n) - double(half);
      kernel[n] = float(sigma > 0 ? std::exp(-0.5 * x * x / (sigma * sigma)) : (x == 0));
      total += kernel[n];
    }
    for (auto& weight : kernel) weight = float(weight / total);
  }
  return kernels;
}

}  // namespace voxsiam::image
