#pragma once
#include <string>

namespace voxsiam::bench {

/// What one paper-preset epoch is timed with.
struct PaperEpochSetup {
  std::string device = "cpu";
  bool bf16 = false;
  int trainingVolumes = 70;
  int validationVolumes = 18;
  int fMaps = 64;
};

/// Trains one epoch of the paper preset (DESIGN.md §2: fixed 128×128×64 grid, f_maps 64, batch
/// 4, Dice + voxel-level Siamese loss, fp32 unless `bf16`) through learn::Trainer on generated
/// volumes and prints the epoch time, its validation share, and the median, first and slowest
/// step (the first includes LibTorch's warm-up).
void timePaperEpoch(const PaperEpochSetup& setup);

}  // namespace voxsiam::bench
