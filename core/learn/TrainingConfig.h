#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace voxsiam::learn {

/// Which loss trains the network.
enum class Method {
  Dice,                   ///< soft Dice only (the 3D U-Net baseline)
  VoxelSiamese,           ///< soft Dice + λ · voxel-level Siamese feature loss (the paper)
  SupervisedContrastive,  ///< soft Dice + λ · supervised InfoNCE on the same sampler
};

/// Widths and depth of the U-Net.
struct NetworkConfig {
  int64_t inChannels = 1;
  int64_t classes = 9;
  int64_t fMaps = 64;
  int64_t levels = 4;
};

/// Every training decision of DESIGN.md §2 that core/learn makes; no Torch types, so the
/// command line and the studio can fill it without Torch headers.
struct TrainingConfig {
  NetworkConfig network;
  Method method = Method::VoxelSiamese;
  // Voxel-level feature layers: encoder levels (1 = 1/2, 2 = 1/4, 3 = 1/8 resolution).
  std::vector<int64_t> featureLayers{3, 2, 1};
  std::vector<double> layerWeights{1.0, 1.0, 1.0};
  int64_t hidden = 64;
  bool voxelToVoxel = true;
  bool voxelToRegion = true;
  bool classWeighting = true;
  std::size_t maxSamples = 1700;
  std::size_t maxFalseNegatives = 1000;
  double lambda = 10.0;
  double temperature = 0.1;
  // Data: whole volumes on a fixed grid, or patches of a target-spacing grid.
  bool patches = true;
  std::array<int64_t, 3> patchSize{64, 64, 32};  ///< voxels along i, j, k
  double foregroundOversampling = 0.33;
  double slidingOverlap = 0.5;
  bool augment = true;
  /// Augmentation strengths: rotation up to ± this many degrees about each axis, isotropic scale
  /// in 1 ± augmentScale, intensity (z-score units) times 1 ± augmentIntensityScale plus
  /// ± augmentIntensityShift, Gaussian noise of standard deviation up to augmentNoise.
  double augmentRotationDegrees = 10;
  double augmentScale = 0.1;
  double augmentIntensityScale = 0.1;
  double augmentIntensityShift = 0.1;
  double augmentNoise = 0.05;
  // Optimisation.
  double learningRate = 1e-3;
  double weightDecay = 1e-5;
  double polyPower = 0.9;
  int64_t batchSize = 4;
  int64_t epochs = 500;
  int64_t stepsPerEpoch = 0;     ///< 0: one pass over the training volumes per epoch
  double timeBudgetSeconds = 0;  ///< > 0: stop (and checkpoint) when this much time has passed
  uint64_t seed = 1;
  bool bf16 = false;            ///< bf16 autocast for convolutions (fp32 master weights)
  std::string device = "auto";  ///< auto | cpu | cuda
  int64_t threads = 0;          ///< CPU threads; 0 = all cores
};

/// One case on the working grid: z-scored image and labels, i fastest.
struct TrainingVolume {
  std::string name;
  std::array<int64_t, 3> size{0, 0, 0};  ///< voxels along i, j, k
  std::vector<float> image;
  std::vector<uint8_t> labels;
};

}  // namespace voxsiam::learn
