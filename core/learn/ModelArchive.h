#pragma once
#include <string>

#include "core/learn/FeatureHead.h"
#include "core/learn/Inference.h"
#include "core/learn/UNet3D.h"

namespace voxsiam::learn {

/// What a model file holds besides the weights: everything `predict` needs.
struct ModelInfo {
  NetworkConfig network;
  InferenceSettings inference;
  std::string configJson;  ///< the run's full configuration (preprocessing included), as JSON text
  std::string schemeJson;  ///< the label scheme of the classes, as JSON text
  /// Softmax temperature fitted on the validation cases at the end of training (1: none);
  /// uncertainty maps use it, labels do not depend on it.
  double temperature = 1.0;
};

/// The projector of one voxel-level feature layer, kept with a model for embedding plots.
struct Projector {
  int64_t level = 0;
  FeatureHead head{nullptr};
};

/// Writes `model` (weights), `info` and the feature layers' projectors (may be empty) to `path`
/// atomically (temporary file, then rename). Throws std::runtime_error when the file cannot be
/// written.
void saveModel(const std::string& path, UNet3D& model, const ModelInfo& info,
               const std::vector<Projector>& projectors = {});

/// Reads a model file written by saveModel, onto `device`. Throws std::runtime_error naming the
/// problem when the file is missing, truncated or not a model file.
std::pair<UNet3D, ModelInfo> loadModel(const std::string& path, const torch::Device& device);

/// The projectors stored in a model file (none for models trained with Dice only or written
/// before projectors were kept), in evaluation mode on `device`.
std::vector<Projector> loadProjectors(const std::string& path, const torch::Device& device);

}  // namespace voxsiam::learn
