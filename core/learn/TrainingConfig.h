#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace voxsiam::learn {

/// Which label a coarse feature layer's voxel (a block of 2^level voxels per axis) takes.
enum class CoarseLabels {
  Corner,    ///< the block's first voxel (shifted by (2^level − 1)/2 voxels)
  Centre,    ///< the voxel at the block's centre
  Majority,  ///< the block's most frequent label; blocks where none holds half are left out
};

/// How anchors of the feature loss are weighted (the paper's eq. 5 vs eq. 6).
enum class ClassWeights {
  Balanced,   ///< every class present weighs the same (anchor weight 1 / N_c)
  Frequency,  ///< a class weighs its voxel share in the layer before sampling
  None,       ///< every anchor weighs the same
};

/// What the voxel-to-region term pulls each voxel towards.
enum class RegionTarget {
  Batch,  ///< the stop-gradient class centroid of this batch's samples
  Ema,    ///< an exponential moving average of class centroids across batches
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
  /// The training method (core/learn/TrainingMethods.h): "dice" (soft Dice only), "voxsiam"
  /// (+ λ · voxel-level Siamese loss, the paper), "scl" (+ λ · supervised InfoNCE), ...
  std::string method = "voxsiam";
  // Voxel-level feature layers: encoder levels (1 = 1/2, 2 = 1/4, 3 = 1/8 resolution).
  std::vector<int64_t> featureLayers{3, 2, 1};
  std::vector<double> layerWeights{1.0, 1.0, 1.0};
  int64_t hidden = 64;
  bool voxelToVoxel = true;
  bool voxelToRegion = true;
  ClassWeights classWeights = ClassWeights::Balanced;
  bool balancedSampler = true;  ///< false: samples drawn at random, in the classes' proportions
  CoarseLabels coarseLabels = CoarseLabels::Centre;
  bool hardBackground = false;      ///< background predicted as an organ counts as missed
  std::size_t minClassSamples = 2;  ///< a class with fewer samples in a layer is left out
  RegionTarget regionTarget = RegionTarget::Batch;
  double regionMomentum = 0.9;  ///< EMA weight of the old centroid (RegionTarget::Ema)
  double warmup = 0;  ///< feature loss off for this fraction of the steps, then ramped over as many
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
  /// A model file to start from (fine-tuning): every tensor whose name and shape match is
  /// loaded, and the feature heads when present; empty: random initial weights.
  std::string initFrom;
  /// With initFrom: a model of another network or label scheme loads the layers that match and
  /// the rest start fresh, instead of being refused.
  bool initPartial = false;
  int64_t monitorEvery = 25;    ///< steps between gradient-norm and centroid records; 0: never
  bool bf16 = false;            ///< bf16 autocast for convolutions (fp32 master weights)
  std::string device = "auto";  ///< auto | cpu | cuda
  int64_t threads = 0;          ///< CPU threads; 0 = all cores
};

/// One case on the working grid: z-scored image and labels, i fastest.
struct TrainingVolume {
  std::string name;
  std::array<int64_t, 3> size{0, 0, 0};          ///< voxels along i, j, k
  std::array<double, 3> spacing{1.0, 1.0, 1.0};  ///< mm along i, j, k (augmentation is in mm)
  std::vector<float> image;
  std::vector<uint8_t> labels;
  /// Per class id: whether this case annotates it (a partly labelled case); empty: every class.
  /// Classes not annotated never count as background in the losses or the validation scores.
  std::vector<bool> annotated;
};

/// Label value of voxels that no loss or sampler counts (outside the scan after augmentation,
/// padding beyond a small volume).
constexpr uint8_t kIgnoreLabel = 255;

}  // namespace voxsiam::learn
