#pragma once
#include <cstdint>
#include <vector>

#include "core/learn/TrainingConfig.h"

namespace voxsiam::learn::test {

/// Small volumes with `classes`-1 ball-shaped organs at seed-dependent places and intensities
/// that tell them apart (z-scored-like values), for training tests without image files.
std::vector<TrainingVolume> syntheticVolumes(int count, std::array<int64_t, 3> size,
                                             int64_t classes, uint64_t seed);

}  // namespace voxsiam::learn::test
