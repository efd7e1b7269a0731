#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/learn/TrainingConfig.h"

namespace voxsiam::learn::test {

/// Small volumes with `classes`-1 ball-shaped organs at seed-dependent places and intensities
/// that tell them apart (z-scored-like values), for training tests without image files.
std::vector<TrainingVolume> syntheticVolumes(int count, std::array<int64_t, 3> size,
                                             int64_t classes, uint64_t seed);

/// A network and training small enough to run in seconds: 3 levels of f_maps 4, feature layers
/// {2, 1} with hidden 16, 16 x 16 x 8 patches, batch 2, 3 epochs of 2 steps, CPU, seed 9.
TrainingConfig tinyTrainingConfig(const std::string& method);

}  // namespace voxsiam::learn::test
