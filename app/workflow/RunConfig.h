#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/image/preprocess/Preprocessor.h"
#include "core/learn/TrainingConfig.h"

namespace voxsiam::workflow {

/// Where training cases come from: an nnU-Net / Decathlon folder, or one image/label pair; the
/// label ids are mapped into the project scheme with `map` (identity, totalseg, amos, btcv).
struct DataSource {
  std::string folder;
  std::string image;
  std::string label;
  std::string map = "identity";
  /// Organs of the scheme its labels annotate (the rest is unknown, not background); empty: all.
  std::vector<std::string> annotated;
};

/// Everything a training run needs: data, preprocessing and the core/learn configuration. Read
/// from and written to the run folder's config.json.
struct RunConfig {
  std::vector<DataSource> data;
  double validationFraction = 0.2;
  std::vector<std::string> validationCases;  ///< when set: exactly these cases validate
  std::string scheme = "gibson8";
  image::PreprocessOptions preprocess;
  learn::TrainingConfig training;
  /// Prediction clean-up: keep only each organ's largest connected component. Off by default:
  /// it removes stray islands but also true pieces of organs that the network predicts in parts
  /// (see bench/RESULTS.md).
  bool largestComponentOnly = false;

  /// Parses a configuration; every error names `origin`, the key and what is allowed.
  static RunConfig fromJson(const nlohmann::json& json, const std::string& origin);
  /// A preset of resources/presets (workflow/Presets.h): "cpu-quick" (about 10 minutes on 2 CPU
  /// cores), "paper" (the paper's settings, for a GPU), ... Throws image::InputError for other
  /// names.
  static RunConfig preset(const std::string& name);
  /// The whole configuration as stored in a run folder (config.json) and in model files.
  nlohmann::json toJson() const;
  /// The data sources as stored in toJson()'s "data".
  nlohmann::json dataJson() const;
};

/// `name` when it names a registered training method (core/learn/TrainingMethods.h), else
/// image::InputError listing the methods.
std::string methodFromName(const std::string& name);

}  // namespace voxsiam::workflow
