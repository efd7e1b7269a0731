#pragma once
#include <string>

#include "core/learn/Inference.h"
#include "core/learn/UNet3D.h"

namespace voxsiam::learn {

/// What a model file holds besides the weights: everything `predict` needs.
struct ModelInfo {
  NetworkConfig network;
  InferenceSettings inference;
  std::string configJson;  ///< the run's full configuration (preprocessing included), as JSON text
  std::string schemeJson;  ///< the label scheme of the classes, as JSON text
};

/// Writes `model` (weights) and `info` to `path` atomically (temporary file, then rename).
/// Throws std::runtime_error when the file cannot be written.
void saveModel(const std::string& path, UNet3D& model, const ModelInfo& info);

/// Reads a model file written by saveModel, onto `device`. Throws std::runtime_error naming the
/// problem when the file is missing, truncated or not a model file.
std::pair<UNet3D, ModelInfo> loadModel(const std::string& path, const torch::Device& device);

}  // namespace voxsiam::learn
