#include "core/image/SameLattice.h"

#include <cmath>

namespace voxsiam::image {
namespace {

/// Index of `stored` at the physical position of target voxel `index`.
std::array<double, 3> storedIndex(const ImageGeometry& stored, const ImageGeometry& target,
                                  const std::array<double, 3>& index) {
  return stored.physicalToIndex(target.indexToPhysical(index));
}

bool near(double value, double wanted, double tolerance) {
  return std::fabs(value - wanted) <= tolerance;
}

}  // namespace

std::optional<LatticeOrder> sameLattice(const ImageGeometry& stored, const ImageGeometry& target,
                                        double tolerance) {
  const auto origin = storedIndex(stored, target, {0, 0, 0});
  LatticeOrder order;
  std::array<bool, 3> used{false, false, false};
  for (int t = 0; t < 3; ++t) {
    std::array<double, 3> step{0, 0, 0};
    step[t] = 1;
    const auto next = storedIndex(stored, target, step);
    int found = -1;
    for (int k = 0; k < 3; ++k) {
      const double delta = next[k] - origin[k];
      if (near(std::fabs(delta), 1, tolerance) && found < 0 && !used[k]) {
        found = k;
        order.reversed[t] = delta < 0;
      } else if (!near(delta, 0, tolerance)) {
        return std::nullopt;  // a different spacing or an oblique turn
      }
    }
    if (found < 0 || stored.size[found] != target.size[t]) return std::nullopt;
    used[found] = true;
    order.axis[t] = found;
    const double start = order.reversed[t] ? double(stored.size[found] - 1) : 0.0;
    if (!near(origin[found], start, tolerance)) return std::nullopt;  // shifted or another box
  }
  return order;
}

LabelMap onLattice(const LabelMap& labels, const ImageGeometry& target, const LatticeOrder& order) {
  LabelMap result(target, 0);
  const auto& stored = labels.geometry();
  for (std::size_t k = 0, index = 0; k < target.size[2]; ++k)
    for (std::size_t j = 0; j < target.size[1]; ++j)
      for (std::size_t i = 0; i < target.size[0]; ++i, ++index) {
        const std::array<std::size_t, 3> at{i, j, k};
        std::array<std::size_t, 3> source{};
        for (int t = 0; t < 3; ++t) {
          const std::size_t extent = stored.size[order.axis[t]];
          source[order.axis[t]] = order.reversed[t] ? extent - 1 - at[t] : at[t];
        }
        result[index] = labels[stored.linearIndex(source[0], source[1], source[2])];
      }
  return result;
}

}  // namespace voxsiam::image
