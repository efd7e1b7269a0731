#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/metrics/SegmentationEvaluator.h"

namespace voxsiam::metrics {
namespace {

using image::ImageGeometry;
using image::LabelMap;

/// Surface voxels of `label` written plainly from DESIGN.md §3.
std::vector<std::array<long, 3>> plainSurface(const LabelMap& labels, std::uint16_t label) {
  std::vector<std::array<long, 3>> surface;
  const auto& size = labels.size();
  auto outside = [&](long i, long j, long k) {
    if (i < 0 || j < 0 || k < 0 || i >= long(size[0]) || j >= long(size[1]) || k >= long(size[2]))
      return true;
    return labels.at(i, j, k) != label;
  };
  for (long k = 0; k < long(size[2]); ++k)
    for (long j = 0; j < long(size[1]); ++j)
      for (long i = 0; i < long(size[0]); ++i) {
        if (labels.at(i, j, k) != label) continue;
        if (outside(i - 1, j, k) || outside(i + 1, j, k) || outside(i, j - 1, k) ||
            outside(i, j + 1, k) || outside(i, j, k - 1) || outside(i, j, k + 1))
          surface.push_back({i, j, k});
      }
  return surface;
}

/// For each voxel of `from`, the distance to the nearest voxel of `to` by checking every pair.
std::vector<double> allPairsNearest(const std::vector<std::array<long, 3>>& from,
                                    const std::vector<std::array<long, 3>>& to,
                                    const std::array<double, 3>& spacing) {
  std::vector<double> nearest;
  for (const auto& a : from) {
    double best = 1e300;
    for (const auto& b : to) {
      double sum = 0;
      for (int axis = 0; axis < 3; ++axis) {
        const double delta = double(a[axis] - b[axis]) * spacing[axis];
        sum += delta * delta;
      }
      best = std::min(best, std::sqrt(sum));
    }
    nearest.push_back(best);
  }
  return nearest;
}

/// numpy.percentile(values, 100 * q) with the default linear method.
double numpyPercentile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const double h = (double(values.size()) - 1) * q;
  const auto low = std::size_t(std::floor(h));
  const std::size_t high = std::min(low + 1, values.size() - 1);
  return values[low] + (h - double(low)) * (values[high] - values[low]);
}

struct Reference {
  std::optional<double> dice, hd95, assd;
};

Reference bruteForce(const LabelMap& pred, const LabelMap& ref, std::uint16_t label) {
  std::size_t a = 0, b = 0, both = 0;
  for (std::size_t index = 0; index < pred.voxelCount(); ++index) {
    a += pred[index] == label;
    b += ref[index] == label;
    both += pred[index] == label && ref[index] == label;
  }
  Reference result;
  if (a + b == 0) return result;
  result.dice = 2.0 * double(both) / double(a + b);
  if (a == 0 || b == 0) return result;
  const auto& spacing = pred.geometry().spacing;
  const auto surfaceA = plainSurface(pred, label), surfaceB = plainSurface(ref, label);
  const auto ab = allPairsNearest(surfaceA, surfaceB, spacing);
  const auto ba = allPairsNearest(surfaceB, surfaceA, spacing);
  result.hd95 = std::max(numpyPercentile(ab, 0.95), numpyPercentile(ba, 0.95));
  double sum = 0;
  for (double d : ab) sum += d;
  for (double d : ba) sum += d;
  result.assd = sum / double(ab.size() + ba.size());
  return result;
}

/// Paints random balls of `label` (some touching the image border) into `labels`.
void paintBalls(LabelMap& labels, std::uint16_t label, int balls, std::mt19937& random,
                bool touchBorder) {
  const auto& size = labels.size();
  for (int ball = 0; ball < balls; ++ball) {
    std::array<double, 3> centre{};
    for (int axis = 0; axis < 3; ++axis) centre[axis] = double(random() % size[axis]);
    if (touchBorder && ball == 0) centre[0] = 0;
    const double radius = 1.5 + (random() % 30) / 10.0;
    for (std::size_t k = 0; k < size[2]; ++k)
      for (std::size_t j = 0; j < size[1]; ++j)
        for (std::size_t i = 0; i < size[0]; ++i) {
          const double dx = i - centre[0], dy = j - centre[1], dz = (k - centre[2]) * 0.6;
          if (dx * dx + dy * dy + dz * dz < radius * radius) labels.at(i, j, k) = label;
        }
  }
}

ImageGeometry anisotropicGrid() {
  ImageGeometry geometry;
  geometry.size = {23, 19, 14};
  geometry.spacing = {0.73, 1.21, 2.9};
  return geometry;
}

void expectSame(const std::optional<double>& actual, const std::optional<double>& expected,
                const char* what, int seed, int label) {
  ASSERT_EQ(actual.has_value(), expected.has_value())
      << what << " seed " << seed << " label " << label;
  if (expected)
    EXPECT_NEAR(*actual, *expected, 1e-6) << what << " seed " << seed << " label " << label;
}

TEST(SegmentationEvaluator, MatchesAllPairsBruteForceOnRandomShapes) {
  for (int seed = 0; seed < 12; ++seed) {
    std::mt19937 random(seed);
    LabelMap pred(anisotropicGrid()), ref(anisotropicGrid());
    for (std::uint16_t label = 1; label <= 3; ++label) {
      paintBalls(ref, label, 2, random, label == 1);
      paintBalls(pred, label, 2, random, label == 2);
    }
    paintBalls(ref, 5, 1, random, false);  // label 5 only in the reference: one empty
    const std::vector<std::uint16_t> labels{1, 2, 3, 4, 5};
    const auto organs = SegmentationEvaluator(2).evaluate(pred, ref, labels);
    for (std::size_t slot = 0; slot < labels.size(); ++slot) {
      const auto expected = bruteForce(pred, ref, labels[slot]);
      expectSame(organs[slot].dice, expected.dice, "dice", seed, labels[slot]);
      expectSame(organs[slot].hd95, expected.hd95, "hd95", seed, labels[slot]);
      expectSame(organs[slot].assd, expected.assd, "assd", seed, labels[slot]);
    }
  }
}

TEST(SegmentationEvaluator, DiceAloneEqualsTheFullEvaluationsDice) {
  for (int seed = 0; seed < 6; ++seed) {
    std::mt19937 random(seed);
    LabelMap pred(anisotropicGrid()), ref(anisotropicGrid());
    for (std::uint16_t label = 1; label <= 3; ++label) {
      paintBalls(ref, label, 2, random, label == 1);
      paintBalls(pred, label, 2, random, label == 2);
    }
    const std::vector<std::uint16_t> labels{1, 2, 3, 4};
    const auto full = SegmentationEvaluator(2).evaluate(pred, ref, labels);
    const auto dice = SegmentationEvaluator::dice(pred, ref, labels);
    ASSERT_EQ(dice.size(), labels.size());
    for (std::size_t slot = 0; slot < labels.size(); ++slot) {
      expectSame(dice[slot].dice, full[slot].dice, "dice", seed, labels[slot]);
      EXPECT_EQ(dice[slot].predictedVoxels, full[slot].predictedVoxels);
      EXPECT_EQ(dice[slot].referenceVoxels, full[slot].referenceVoxels);
      EXPECT_FALSE(dice[slot].hd95.has_value());
    }
  }
}

TEST(SegmentationEvaluator, EmptyCasesFollowTheDefinitions) {
  LabelMap pred(anisotropicGrid()), ref(anisotropicGrid());
  pred.at(3, 3, 3) = 1;
  const auto organs = SegmentationEvaluator().evaluate(pred, ref, {1, 2});
  ASSERT_TRUE(organs[0].dice.has_value());
  EXPECT_EQ(*organs[0].dice, 0.0);
  EXPECT_FALSE(organs[0].hd95.has_value());
  EXPECT_FALSE(organs[0].assd.has_value());
  EXPECT_FALSE(organs[1].dice.has_value());  // both empty: not applicable
  const auto mean = meanOf(organs);
  EXPECT_EQ(*mean.dice, 0.0);
  EXPECT_FALSE(mean.hd95.has_value());
}

TEST(SegmentationEvaluator, KnownShiftGivesKnownDistances) {
  ImageGeometry geometry;
  geometry.size = {30, 30, 30};
  geometry.spacing = {1.0, 1.0, 2.5};
  LabelMap pred(geometry), ref(geometry);
  for (std::size_t k = 5; k < 15; ++k)
    for (std::size_t j = 5; j < 15; ++j)
      for (std::size_t i = 5; i < 15; ++i) {
        ref.at(i, j, k) = 1;
        pred.at(i, j, k + 1) = 1;
      }
  const auto organ = SegmentationEvaluator().evaluate(pred, ref, {1})[0];
  EXPECT_NEAR(*organ.dice, 0.9, 1e-12);
  EXPECT_NEAR(*organ.hd95, 2.5, 1e-12);
}

TEST(SegmentationEvaluator, RejectsDifferentGrids) {
  ImageGeometry other = anisotropicGrid();
  other.spacing[2] = 3.0;
  EXPECT_THROW(SegmentationEvaluator().evaluate(LabelMap(anisotropicGrid()), LabelMap(other), {1}),
               std::invalid_argument);
}

}  // namespace
}  // namespace voxsiam::metrics
