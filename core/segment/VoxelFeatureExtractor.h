#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/image/Image3D.h"

namespace voxsiam::segment {

/// Which voxels to embed and from which layer.
struct EmbedRequest {
  int level = 3;               ///< encoder level (0 = full resolution … levels-1 = coarsest)
  bool projector = false;      ///< the level's projector output instead of its encoder features
  std::size_t perClass = 200;  ///< voxels per organ (fewer when an organ has fewer)
  bool wrongOnly = false;      ///< only voxels the model labels wrongly
  std::uint64_t seed = 1;
};

/// Voxel features of one case: one row per sampled voxel.
struct VoxelFeatures {
  std::size_t channels = 0;
  std::vector<float> features;        ///< rows x channels
  std::vector<long long> voxelIndex;  ///< linear index in the case's own image (i fastest)
  std::vector<std::array<std::size_t, 3>> voxel;  ///< (i, j, k) in the case's own image
  std::vector<int> organ;                         ///< label of the voxel
  std::vector<int> predicted;                     ///< the model's label of the voxel
};

/// Reads a trained model (model.pt) and extracts the features its encoder computes at chosen
/// voxels: the case is preprocessed as in training, the whole working grid goes through the
/// network once, and voxels are sampled class-balanced from the labels (on the working grid),
/// each linked back to its voxel in the case's own image.
class VoxelFeatureExtractor {
 public:
  /// Throws image::InputError naming `modelPath` when it is not a readable model.
  VoxelFeatureExtractor(const std::string& modelPath, const std::string& device = "auto");
  ~VoxelFeatureExtractor();

  /// Number of encoder levels of the model.
  int levels() const;
  /// Encoder levels whose projector the model file holds (trained with a feature loss).
  std::vector<int> projectorLevels() const;
  /// Features of `image` at voxels sampled from `labels` (same grid, scheme ids). Throws
  /// std::invalid_argument for a level (or projector) the model does not have or mismatched
  /// grids.
  VoxelFeatures extract(const image::Volume& image, const image::LabelMap& labels,
                        const EmbedRequest& request) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace voxsiam::segment
