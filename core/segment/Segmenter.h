#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/image/Image3D.h"
#include "core/image/LabelScheme.h"

namespace voxsiam::segment {

/// A segmentation with its per-voxel uncertainty, both on the image's own grid.
struct Segmentation {
  image::LabelMap labels;
  /// Normalised entropy of the (tempered, averaged) class probabilities: 0 certain, 1 uniform.
  image::Volume uncertainty;
};

/// Voxels of a case drawn for a calibration check: the model's probabilities (untempered,
/// voxel-major: voxels × classes) on its working grid and the reference class of each voxel.
struct ProbabilitySample {
  std::size_t classes = 0;
  std::vector<float> probabilities;
  std::vector<std::int64_t> truth;
};

/// Segments CT images with a trained model file: preprocessing as in training, whole-volume or
/// sliding-window inference, probabilities brought back to the image's native grid (trilinear)
/// and argmax, so the label map has the image's own geometry.
class Segmenter {
 public:
  /// Loads `modelPath` onto `device` (auto, cpu, cuda). Throws image::InputError naming the file
  /// when it is not a readable model.
  Segmenter(const std::string& modelPath, const std::string& device = "auto");
  ~Segmenter();

  /// The label map of `ct` in its own geometry; each organ reduced to its largest connected
  /// component when the model's configuration (postprocess.largest_component) or
  /// keepLargestComponentOnly() asks for it.
  image::LabelMap segment(const image::Volume& ct) const;
  /// The label map and the uncertainty of `ct`. With `perturbed`, the probabilities are averaged
  /// over the image as it is and four small test-time changes (intensity ×0.95 and +0.05, shifts
  /// of 2 voxels along i and j, shifted back; never left-right flips). The model's temperature
  /// (fitted at the end of training) softens or sharpens the probabilities first.
  Segmentation segmentWithUncertainty(const image::Volume& ct, bool perturbed = false) const;
  /// At most `count` voxels of `ct`, evenly drawn on the working grid among those `reference`
  /// (on `ct`'s grid) annotates (value 255: not annotated), with the model's probabilities.
  ProbabilitySample sampleProbabilities(const image::Volume& ct, const image::LabelMap& reference,
                                        std::size_t count) const;
  /// The case's encoder features at the coarsest level, averaged over the working grid: one
  /// vector per case for telling cases unlike the others (feature-space novelty).
  std::vector<float> pooledFeatures(const image::Volume& ct) const;
  /// The softmax temperature stored with the model (1 when none was fitted).
  double temperature() const;
  /// Reduces each organ to its largest connected component in later segmentations.
  void keepLargestComponentOnly();
  /// The label scheme the model was trained with.
  const image::LabelScheme& scheme() const;
  /// "cpu" or "cuda".
  const std::string& device() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace voxsiam::segment
