#include "app/workflow/Presets.h"

#include <algorithm>

#include "core/image/InputError.h"
#include "core/image/StrictJson.h"
#include "resources/EmbeddedResources.h"

namespace voxsiam::workflow {
namespace {

const std::string kFolder = "presets/";

nlohmann::json presetFile(const std::string& key) {
  const std::string* text = resources::embeddedResource(key);
  if (!text) return nullptr;
  return image::parseStrictJson(*text, key);
}

std::string nameOf(const std::string& key) {
  return key.substr(kFolder.size(), key.size() - kFolder.size() - 5);
}

}  // namespace

std::vector<PresetInfo> presetCatalogue() {
  std::vector<std::pair<int, PresetInfo>> ordered;
  for (const auto& key : resources::embeddedResourceKeys(kFolder)) {
    const auto file = presetFile(key);
    ordered.push_back({file.value("order", 1000), {nameOf(key), file.value("title", nameOf(key))}});
  }
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<PresetInfo> presets;
  for (auto& [order, preset] : ordered) presets.push_back(preset);
  return presets;
}

std::string presetNames() {
  std::string names;
  for (const auto& preset : presetCatalogue()) names += (names.empty() ? "" : ", ") + preset.name;
  return names;
}

nlohmann::json presetConfig(const std::string& name) {
  const auto file = presetFile(kFolder + name + ".json");
  if (file.is_null() || !file.contains("config"))
    throw image::InputError(name, "unknown preset (allowed: " + presetNames() + ")");
  return file["config"];
}

}  // namespace voxsiam::workflow
