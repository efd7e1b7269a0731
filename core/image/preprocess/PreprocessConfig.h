#pragma once
#include <nlohmann/json.hpp>

#include "core/image/ConfigReader.h"
#include "core/image/preprocess/Preprocessor.h"

namespace voxsiam::image {

/// Reads the "preprocess" object of a run configuration into `options` (absent keys keep their
/// value); every error is an InputError naming the file and the key. Rejects unknown keys.
void readPreprocessOptions(ConfigReader reader, PreprocessOptions& options);

/// The "preprocess" object that readPreprocessOptions reads back to `options`.
nlohmann::json preprocessOptionsJson(const PreprocessOptions& options);

}  // namespace voxsiam::image
