// The fast paths of whole-CT prediction against the straightforward computations they replace:
// argmax on the native grid without native probability maps, and the body box from runs.
#include <gtest/gtest.h>

#include <random>

#include "core/image/preprocess/BodyCrop.h"
#include "core/image/preprocess/GridMapping.h"
#include "core/image/preprocess/Preprocessor.h"

namespace voxsiam::image {
namespace {

/// Smooth random class scores on `grid` (softmax of blobs), channel-major.
std::vector<float> smoothScores(const ImageGeometry& grid, std::size_t channels,
                                std::uint32_t seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const std::size_t voxels = grid.voxelCount();
  std::vector<double> logits(channels * voxels, 0.0);
  for (std::size_t channel = 0; channel < channels; ++channel)
    for (int blob = 0; blob < 3; ++blob) {
      const double ci = uniform(random) * grid.size[0], cj = uniform(random) * grid.size[1],
                   ck = uniform(random) * grid.size[2], radius = 2 + 4 * uniform(random);
      for (std::size_t index = 0; index < voxels; ++index) {
        const auto at = grid.voxelOf(index);
        const double d2 =
            (at[0] - ci) * (at[0] - ci) + (at[1] - cj) * (at[1] - cj) + (at[2] - ck) * (at[2] - ck);
        logits[channel * voxels + index] += 4 * std::exp(-d2 / (radius * radius));
      }
    }
  std::vector<float> scores(channels * voxels);
  for (std::size_t index = 0; index < voxels; ++index) {
    double sum = 0;
    for (std::size_t channel = 0; channel < channels; ++channel)
      sum += std::exp(logits[channel * voxels + index]);
    for (std::size_t channel = 0; channel < channels; ++channel)
      scores[channel * voxels + index] = float(std::exp(logits[channel * voxels + index]) / sum);
  }
  return scores;
}

TEST(NativeLabels, ArgmaxToNativeEqualsArgmaxOfTheNativeProbabilities) {
  ImageGeometry native;
  native.size = {47, 39, 23};
  native.spacing = {0.7, 0.9, 2.5};
  const VoxelBox crop{{3, 2, 1}, {40, 33, 20}};
  const AxisOrder orders[] = {
      {}, {{1, 0, 2}, {true, false, true}}, {{2, 1, 0}, {false, true, false}}};
  std::uint32_t seed = 1;
  for (const AxisOrder& order : orders) {
    const GridMapping mapping = GridMapping::withSpacing(native, crop, {3.0, 3.3, 2.9}, order);
    const std::size_t channels = 6;
    const auto scores = smoothScores(mapping.grid(), channels, seed++);
    const LabelMap expected = Preprocessor::labelsFromProbabilities(
        Preprocessor::probabilitiesToNative(scores, channels, mapping), channels, native);
    const LabelMap fast = mapping.argmaxToNative(scores, channels);
    std::size_t differ = 0, organ = 0;
    for (std::size_t index = 0; index < expected.voxelCount(); ++index) {
      differ += fast[index] != expected[index];
      organ += expected[index] != 0;
    }
    EXPECT_EQ(differ, 0u) << "order " << order.nativeAxis[0] << order.nativeAxis[1];
    EXPECT_GT(organ, expected.voxelCount() / 10) << "the test has organs to get wrong";
  }
}

/// The body box by flood fill, voxel by voxel (the definition).
VoxelBox floodFillBodyBox(const Volume& ct, float threshold) {
  const auto& size = ct.size();
  std::vector<int> seen(ct.voxelCount(), 0);
  VoxelBox best{{0, 0, 0}, size};
  std::size_t bestCount = 0;
  for (std::size_t seed = 0; seed < ct.voxelCount(); ++seed) {
    if (seen[seed] || !(ct[seed] > threshold)) continue;
    std::vector<std::size_t> stack{seed};
    seen[seed] = 1;
    std::array<std::size_t, 3> low = size, high{0, 0, 0};
    std::size_t count = 0;
    while (!stack.empty()) {
      const std::size_t index = stack.back();
      stack.pop_back();
      ++count;
      const auto at = ct.geometry().voxelOf(index);
      for (int axis = 0; axis < 3; ++axis) {
        low[axis] = std::min(low[axis], at[axis]);
        high[axis] = std::max(high[axis], at[axis]);
        for (const int step : {-1, 1}) {
          auto next = at;
          if ((step < 0 && at[axis] == 0) || (step > 0 && at[axis] + 1 == size[axis])) continue;
          next[axis] += step;
          const std::size_t n = ct.geometry().linearIndex(next[0], next[1], next[2]);
          if (!seen[n] && ct[n] > threshold) seen[n] = 1, stack.push_back(n);
        }
      }
    }
    if (count > bestCount) {
      bestCount = count;
      for (int axis = 0; axis < 3; ++axis)
        best.low[axis] = low[axis], best.size[axis] = high[axis] - low[axis] + 1;
    }
  }
  return best;
}

TEST(NativeLabels, BodyBoxFromRunsIsTheLargestComponentsBox) {
  ImageGeometry grid;
  grid.size = {31, 27, 19};
  for (std::uint32_t seed = 1; seed <= 12; ++seed) {
    std::mt19937 random(seed);
    std::bernoulli_distribution above(0.3 + 0.02 * seed);
    Volume ct(grid, -1000.f);
    for (float& voxel : ct.voxels()) voxel = above(random) ? 40.f : -1000.f;
    const VoxelBox expected = floodFillBodyBox(ct, -500.f), found = findBodyBox(ct, -500.f);
    EXPECT_EQ(found.low, expected.low) << "seed " << seed;
    EXPECT_EQ(found.size, expected.size) << "seed " << seed;
  }
  EXPECT_EQ(findBodyBox(Volume(grid, -1000.f), -500.f).size, grid.size) << "no body: all";
}

}  // namespace
}  // namespace voxsiam::image
