#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "core/image/DistanceTransform.h"

namespace voxsiam::image {
namespace {

TEST(DistanceTransform, EqualsBruteForceOnRandomFeaturesWithAnisotropicSpacing) {
  const std::array<std::size_t, 3> size{9, 7, 5};
  const std::array<double, 3> spacing{0.7, 1.9, 3.1};
  std::mt19937 random(3);
  std::vector<unsigned char> features(size[0] * size[1] * size[2]);
  for (auto& feature : features) feature = random() % 17 == 0;
  const auto field = squaredDistanceToFeatures(features, size, spacing);
  std::size_t index = 0;
  for (std::size_t k = 0; k < size[2]; ++k)
    for (std::size_t j = 0; j < size[1]; ++j)
      for (std::size_t i = 0; i < size[0]; ++i, ++index) {
        double best = std::numeric_limits<double>::infinity();
        std::size_t other = 0;
        for (std::size_t c = 0; c < size[2]; ++c)
          for (std::size_t b = 0; b < size[1]; ++b)
            for (std::size_t a = 0; a < size[0]; ++a, ++other) {
              if (!features[other]) continue;
              const double dx = (double(a) - double(i)) * spacing[0];
              const double dy = (double(b) - double(j)) * spacing[1];
              const double dz = (double(c) - double(k)) * spacing[2];
              best = std::min(best, dx * dx + dy * dy + dz * dz);
            }
        ASSERT_NEAR(field[index], best, 1e-9) << "voxel " << i << "," << j << "," << k;
      }
}

TEST(DistanceTransform, NoFeatureGivesInfinity) {
  const std::vector<unsigned char> none(24, 0);
  for (double value : squaredDistanceToFeatures(none, {2, 3, 4}, {1, 1, 1}))
    EXPECT_TRUE(std::isinf(value));
}

}  // namespace
}  // namespace voxsiam::image
