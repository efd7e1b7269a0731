#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/image/preprocess/GridMapping.h"

namespace voxsiam::image {

/// How a CT becomes network input (DESIGN.md §2); every choice is an option.
struct PreprocessOptions {
  enum class Mode { FixedGrid, TargetSpacing };
  Mode mode = Mode::TargetSpacing;
  std::array<std::size_t, 3> gridSize{128, 128, 64};   ///< FixedGrid: the paper's grid
  std::array<double, 3> targetSpacing{3.0, 3.0, 3.0};  ///< TargetSpacing: mm per voxel
  /// Turn the working grid so that its axes run towards the patient's left, back and head (see
  /// AxisOrder::towardsLps) whatever the stored voxel order; labels come back in the native order.
  bool reorient = true;
  bool cropToBody = true;
  float bodyThresholdHu = -500.f;
  float windowLowHu = -200.f;
  float windowHighHu = 250.f;
  bool zScore = true;
};

/// A case on the working grid, with the mapping needed to go back to its native geometry.
struct PreparedCase {
  Volume image;                    ///< windowed (and z-scored) intensities
  std::optional<LabelMap> labels;  ///< when labels were given
  GridMapping mapping;
};

/// Body crop, resampling (fixed grid or target spacing), HU window and z-score; and the inverse
/// mapping of class probabilities back to the native image.
class Preprocessor {
 public:
  explicit Preprocessor(PreprocessOptions options = {});

  /// Prepares `ct` (and `labels`, which must share its grid; std::invalid_argument otherwise).
  PreparedCase prepare(const Volume& ct, const LabelMap* labels = nullptr) const;

  /// Class probabilities on the working grid (channel-major, `channels` x grid voxels) brought
  /// back to the native grid trilinearly; outside the body crop the background (channel 0) is 1.
  static std::vector<float> probabilitiesToNative(const std::vector<float>& gridProbabilities,
                                                  std::size_t channels, const GridMapping& mapping);
  /// Label map on the native grid: argmax of the native probabilities.
  static LabelMap labelsFromProbabilities(const std::vector<float>& nativeProbabilities,
                                          std::size_t channels, const ImageGeometry& native);

  const PreprocessOptions& options() const { return options_; }

 private:
  void normalise(Volume& image) const;
  PreprocessOptions options_;
};

}  // namespace voxsiam::image
