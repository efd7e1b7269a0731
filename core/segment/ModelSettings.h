#pragma once
#include <string>

#include "core/image/preprocess/Preprocessor.h"

namespace voxsiam::segment {

/// What a model file's stored run configuration says about using the model: how images are
/// brought onto its working grid and how predictions are cleaned up.
struct ModelSettings {
  image::PreprocessOptions preprocess;
  bool largestComponentOnly = false;  ///< keep each organ's largest connected component
};

/// Reads the "preprocess" and "postprocess" objects of `configJson` (the configuration stored in
/// a model file); other keys are the trainer's and are not read here. Throws image::InputError
/// naming `origin` for malformed JSON or values.
ModelSettings modelSettingsFromConfig(const std::string& configJson, const std::string& origin);

}  // namespace voxsiam::segment
