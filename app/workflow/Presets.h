#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace voxsiam::workflow {

/// A training preset: resources/presets/NAME.json holds {"title", "order", "config"}, where
/// "config" is a run configuration. A new preset is one new file there.
struct PresetInfo {
  std::string name;   ///< the file's name without .json: "cpu-quick"
  std::string title;  ///< what a person reads in a list: "cpu-quick (about 10 min on a CPU)"
};

/// Every preset, in the order their files give.
std::vector<PresetInfo> presetCatalogue();

/// "cpu-quick, paper, ..." for usage texts and error messages.
std::string presetNames();

/// The "config" object of preset `name`. Throws image::InputError naming the preset and the known
/// ones for an unknown name.
nlohmann::json presetConfig(const std::string& name);

}  // namespace voxsiam::workflow
