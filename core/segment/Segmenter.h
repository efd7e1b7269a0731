#pragma once
#include <memory>
#include <string>

#include "core/image/Image3D.h"
#include "core/image/LabelScheme.h"

namespace voxsiam::segment {

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
