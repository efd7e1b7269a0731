#include "core/image/DistanceTransform.h"

#include <cmath>
#include <limits>

namespace voxsiam::image {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// Working memory of the 1-D transform, reused across lines.
struct LineBuffers {
  std::vector<double> values;       // f along the line
  std::vector<double> result;       // transformed line
  std::vector<std::size_t> apexes;  // positions of the parabolas in the lower envelope
  std::vector<double> bounds;       // where each envelope parabola starts to be lowest
};

/// 1-D transform in place on `line.values`: result[p] = min_q (f(q) + ((p - q) * step)^2).
void transformLine(LineBuffers& line, double step) {
  const std::size_t length = line.values.size();
  const double step2 = step * step;
  std::size_t count = 0;
  for (std::size_t q = 0; q < length; ++q) {
    if (line.values[q] == kInfinity) continue;
    const double fq = line.values[q] + step2 * q * q;
    double crossing = -kInfinity;
    while (count > 0) {
      const std::size_t v = line.apexes[count - 1];
      const double fv = line.values[v] + step2 * v * v;
      crossing = (fq - fv) / (2.0 * step2 * (q - v));
      if (crossing > line.bounds[count - 1]) break;
      --count;
    }
    if (count == 0) crossing = -kInfinity;
    line.bounds[count] = crossing;
    line.apexes[count++] = q;
  }
  std::size_t segment = 0;
  for (std::size_t p = 0; p < length; ++p) {
    if (count == 0) {
      line.result[p] = kInfinity;
      continue;
    }
    while (segment + 1 < count && line.bounds[segment + 1] <= static_cast<double>(p)) ++segment;
    const double offset = (static_cast<double>(p) - line.apexes[segment]) * step;
    line.result[p] = offset * offset + line.values[line.apexes[segment]];
  }
}

/// Runs the 1-D transform along `axis` over every line of the grid.
void transformAxis(std::vector<double>& field, const std::array<std::size_t, 3>& size, int axis,
                   double step) {
  const std::size_t strides[3] = {1, size[0], size[0] * size[1]};
  const int other1 = axis == 0 ? 1 : 0;
  const int other2 = axis == 2 ? 1 : 2;
  LineBuffers line;
  const std::size_t length = size[axis];
  line.values.resize(length);
  line.result.resize(length);
  line.apexes.resize(length);
  line.bounds.resize(length + 1);
  for (std::size_t b = 0; b < size[other2]; ++b) {
    for (std::size_t a = 0; a < size[other1]; ++a) {
      const std::size_t start = a * strides[other1] + b * strides[other2];
      for (std::size_t p = 0; p < length; ++p) line.values[p] = field[start + p * strides[axis]];
      transformLine(line, step);
      for (std::size_t p = 0; p < length; ++p) field[start + p * strides[axis]] = line.result[p];
    }
  }
}

}  // namespace

std::vector<double> squaredDistanceToFeatures(const std::vector<unsigned char>& isFeature,
                                              const std::array<std::size_t, 3>& size,
                                              const std::array<double, 3>& spacing) {
  std::vector<double> field(isFeature.size());
  for (std::size_t index = 0; index < isFeature.size(); ++index)
    field[index] = isFeature[index] ? 0.0 : kInfinity;
  for (int axis = 0; axis < 3; ++axis) transformAxis(field, size, axis, spacing[axis]);
  return field;
}

}  // namespace voxsiam::image
