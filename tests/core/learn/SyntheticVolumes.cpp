#include "tests/core/learn/SyntheticVolumes.h"

#include <algorithm>
#include <random>
#include <string>

namespace voxsiam::learn::test {

std::vector<TrainingVolume> syntheticVolumes(int count, std::array<int64_t, 3> size,
                                             int64_t classes, uint64_t seed) {
  std::vector<TrainingVolume> volumes;
  std::mt19937_64 random(seed);
  std::normal_distribution<float> noise(0.f, 0.2f);
  for (int index = 0; index < count; ++index) {
    TrainingVolume volume;  // 1 mm spacing
    volume.name = "synthetic_" + std::to_string(index);
    volume.size = size;
    const auto voxels = size[0] * size[1] * size[2];
    volume.image.assign(voxels, -1.f);
    volume.labels.assign(voxels, 0);
    for (int64_t organ = 1; organ < classes; ++organ) {
      double centre[3], radius = 2.0 + double(random() % 3);
      for (int axis = 0; axis < 3; ++axis) {
        const int64_t room = std::max<int64_t>(1, size[axis] - 2 * int64_t(radius));
        centre[axis] = radius + double(int64_t(random() % uint64_t(room)));
      }
      for (int64_t k = 0; k < size[2]; ++k)
        for (int64_t j = 0; j < size[1]; ++j)
          for (int64_t i = 0; i < size[0]; ++i) {
            const double dx = i - centre[0], dy = j - centre[1], dz = k - centre[2];
            if (dx * dx + dy * dy + dz * dz > radius * radius) continue;
            const auto at = i + size[0] * (j + size[1] * k);
            volume.labels[at] = static_cast<uint8_t>(organ);
            volume.image[at] = float(organ) * 0.7f;
          }
    }
    for (auto& value : volume.image) value += noise(random);
    volumes.push_back(std::move(volume));
  }
  return volumes;
}

TrainingConfig tinyTrainingConfig(const std::string& method) {
  TrainingConfig config;
  config.network = {1, 4, 4, 3};
  config.method = method;
  config.featureLayers = {2, 1};
  config.layerWeights = {1.0, 1.0};
  config.hidden = 16;
  config.maxSamples = 200;
  config.maxFalseNegatives = 100;
  config.patchSize = {16, 16, 8};
  config.batchSize = 2;
  config.epochs = 3;
  config.stepsPerEpoch = 2;
  config.threads = 2;
  config.seed = 9;
  config.device = "cpu";
  return config;
}

}  // namespace voxsiam::learn::test
