#include "core/image/LabelMapping.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

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
  if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) {
    std::ifstream file(name);
    if (!file) throw InputError(name, "cannot open the label mapping file");
    std::stringstream text;
    text << file.rdbuf();
    return fromJson(text.str(), name);
  }
  const std::string* text = resources::embeddedResource("label_mappings/" + name + ".json");
  if (!text)
    throw InputError(name,
                     "unknown label mapping (known: identity totalseg amos btcv, or a .json file)");
  return fromJson(*text, name);
}

LabelMapping LabelMapping::fromJson(const std::string& text, const std::string& origin) {
  try {
    const auto json = nlohmann::json::parse(text);
    std::vector<std::pair<std::uint16_t, std::uint16_t>> pairs;
    for (const auto& pair : json.at("pairs"))
      pairs.emplace_back(pair.at(0).get<std::uint16_t>(), pair.at(1).get<std::uint16_t>());
    return LabelMapping(json.value("name", origin), json.value("from", ""),
                        json.value("to", "gibson8"), pairs);
  } catch (const nlohmann::json::exception& error) {
    throw InputError(origin, std::string("malformed label mapping: ") + error.what());
  }
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
