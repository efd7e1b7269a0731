#include "core/image/LabelMapping.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/image/InputError.h"
#include "core/image/LabelScheme.h"
#include "core/image/StrictJson.h"
#include "resources/EmbeddedResources.h"

namespace voxsiam::image {

LabelMapping::LabelMapping() : name_("identity") {}

LabelMapping::LabelMapping(std::string name, std::string fromScheme, std::string toScheme,
                           const std::vector<std::pair<std::uint16_t, std::uint16_t>>& pairs)
    : name_(std::move(name)),
      fromScheme_(std::move(fromScheme)),
      toScheme_(std::move(toScheme)),
      table_(65536, 0) {
  table_[kNotAnnotated] = kNotAnnotated;
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
  if (!text) {
    std::string known;
    for (const auto& builtinName : builtinNames()) known += builtinName + " ";
    throw InputError(name, "unknown label mapping (known: " + known + "or a .json file)");
  }
  return fromJson(*text, name);
}

std::vector<std::string> LabelMapping::builtinNames() {
  std::vector<std::string> names{"identity"};
  for (const auto& key : resources::embeddedResourceKeys("label_mappings/")) {
    const auto start = key.find('/') + 1;
    names.push_back(key.substr(start, key.rfind(".json") - start));
  }
  return names;
}

LabelMapping LabelMapping::fromJson(const std::string& text, const std::string& origin) {
  try {
    const auto json = parseStrictJson(text, origin);
    std::vector<std::pair<std::uint16_t, std::uint16_t>> pairs;
    std::set<long long> sources;
    for (const auto& pair : json.at("pairs")) {
      const std::string which = "pair " + std::to_string(pairs.size() + 1);
      if (!pair.is_array() || pair.size() != 2)
        throw InputError(origin, which + " must be [source, target], got " + pair.dump());
      const auto source = strictInteger(pair[0], 0, 65535, origin, which + " source id");
      const auto target = strictInteger(pair[1], 0, 65535, origin, which + " target id");
      if (!sources.insert(source).second)
        throw InputError(origin, which + " maps source id " + std::to_string(source) + " again");
      pairs.emplace_back(std::uint16_t(source), std::uint16_t(target));
    }
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
