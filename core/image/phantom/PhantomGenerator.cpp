#include "core/image/phantom/PhantomGenerator.h"

#include <cmath>
#include <random>

#include "core/image/phantom/PhantomAnatomy.h"
#include "core/image/phantom/PhantomRenderer.h"

namespace voxsiam::image::phantom {

PhantomGenerator::PhantomGenerator(std::array<std::size_t, 3> size) : size_(size) {}

PhantomCase PhantomGenerator::generate(std::uint64_t seed) const {
  std::mt19937_64 random(seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull);
  const PhantomAnatomy anatomy = PhantomAnatomy::random(random);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  ImageGeometry geometry;
  geometry.size = size_;
  const double inPlane = 2.7 + 0.6 * unit(random);
  geometry.spacing = {inPlane, inPlane, 3.5 + 1.5 * unit(random)};
  const double zCentre = -10.0 + 30.0 * (unit(random) - 0.5);
  const std::array<double, 3> centre{8.0 * (unit(random) - 0.5), 15.0 + 10.0 * unit(random),
                                     zCentre};
  for (int axis = 0; axis < 3; ++axis)
    geometry.origin[axis] =
        centre[axis] - 0.5 * static_cast<double>(size_[axis] - 1) * geometry.spacing[axis];
  return PhantomRenderer(anatomy, geometry).render(random);
}

}  // namespace voxsiam::image::phantom
