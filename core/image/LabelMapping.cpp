#include "core/image/LabelMapping.h"

#include <nlohmann/json.hpp>

#include "core/image/InputError.h"
#include "resources/EmbeddedResources.h"

namespace voxsiam::image {

LabelMapping::LabelMapping() : name_("identity") {}

LabelMapping::LabelMapping(std::string name, std::string fromScheme, std::string toScheme,
                           const std::vector<std::pair<std::uint16_t, std::uint16_t>>& pairs)
    : name_(std::move(name)),
      fromScheme_(std::move(fromScheme)),
      toScheme_(std::move(toScheme)),
      table_(65536, 0) {
  for (const auto& [source, target] : pairs) table_[source] = target;
}

LabelMapping LabelMapping::builtin(const std::string& name) {
  if (name == "identity") return LabelMapping();
  const std::string key = "label_mappings/" + name + ".json";
  const std::string* text = resources::embeddedResource(key);
  if (!text) throw InputError(name, "unknown label mapping (known: identity totalseg amos btcv)");
  const auto json = nlohmann::json::parse(*text);
  std::vector<std::pair<std::uint16_t, std::uint16_t>> pairs;
  for (const auto& pair : json.at("pairs"))
    pairs.emplace_back(pair.at(0).get<std::uint16_t>(), pair.at(1).get<std::uint16_t>());
  return LabelMapping(name, json.at("from").get<std::string>(), json.at("to").get<std::string>(),
                      pairs);
}

std::uint16_t LabelMapping::map(std::uint16_t id) const {
  return table_.empty() ? id : table_[id];
}

LabelMap LabelMapping::apply(const LabelMap& labels) const {
  LabelMap mapped = labels;
  if (!table_.empty())
    for (auto& voxel : mapped.voxels()) voxel = table_[voxel];
  return mapped;
}

}  // namespace voxsiam::image
