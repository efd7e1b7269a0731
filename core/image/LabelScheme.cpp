#include "core/image/LabelScheme.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/image/InputError.h"
#include "core/image/StrictJson.h"
#include "resources/EmbeddedResources.h"

namespace voxsiam::image {

LabelScheme::LabelScheme(std::string name, std::string title, std::vector<LabelEntry> entries)
    : name_(std::move(name)), title_(std::move(title)), entries_(std::move(entries)) {
  std::sort(entries_.begin(), entries_.end(),
            [](const LabelEntry& a, const LabelEntry& b) { return a.id < b.id; });
}

std::string LabelScheme::toJson() const {
  nlohmann::json labels = nlohmann::json::array();
  for (const auto& entry : entries_) {
    nlohmann::json label{{"id", entry.id}, {"name", entry.name}, {"color", entry.color}};
    if (!entry.codes.empty()) label["codes"] = entry.codes;
    if (!entry.laterality.empty()) label["laterality"] = entry.laterality;
    if (!entry.aliases.empty()) label["aliases"] = entry.aliases;
    labels.push_back(label);
  }
  return nlohmann::json{{"name", name_}, {"title", title_}, {"labels", labels}}.dump();
}

LabelScheme LabelScheme::fromJson(const std::string& text, const std::string& origin) {
  try {
    const auto json = parseStrictJson(text, origin);
    std::vector<LabelEntry> entries;
    std::set<int> seen;
    for (const auto& label : json.at("labels")) {
      LabelEntry entry;
      const int id = label.at("id").get<int>();
      if (id < 1 || id > 65535 || !seen.insert(id).second)
        throw InputError(origin,
                         "label id " + std::to_string(id) + " is repeated or out of 1..65535");
      entry.id = static_cast<std::uint16_t>(id);
      entry.name = label.at("name").get<std::string>();
      const auto color = label.at("color").get<std::vector<int>>();
      if (color.size() != 3)
        throw InputError(origin, "colour of " + entry.name + " needs 3 values");
      for (int channel = 0; channel < 3; ++channel)
        entry.color[channel] = static_cast<std::uint8_t>(std::clamp(color[channel], 0, 255));
      entry.codes = label.value("codes", std::vector<std::string>{});
      entry.laterality = label.value("laterality", "");
      entry.aliases = label.value("aliases", std::vector<std::string>{});
      if (entry.laterality != "" && entry.laterality != "left" && entry.laterality != "right")
        throw InputError(origin, "laterality of " + entry.name + " must be left or right");
      entries.push_back(entry);
    }
    return LabelScheme(json.at("name").get<std::string>(), json.value("title", ""),
                       std::move(entries));
  } catch (const nlohmann::json::exception& error) {
    throw InputError(origin, std::string("malformed label scheme: ") + error.what());
  }
}

LabelScheme LabelScheme::builtin(const std::string& name) {
  const std::string key = "label_schemes/" + name + ".json";
  const std::string* text = resources::embeddedResource(key);
  if (!text) {
    std::string known;
    for (const auto& builtinName : builtinNames()) known += " " + builtinName;
    throw InputError(name, "unknown label scheme (known:" + known + ")");
  }
  return fromJson(*text, key);
}

std::vector<std::string> LabelScheme::builtinNames() {
  std::vector<std::string> names;
  for (const auto& key : resources::embeddedResourceKeys("label_schemes/")) {
    const auto start = key.find('/') + 1;
    names.push_back(key.substr(start, key.rfind(".json") - start));
  }
  return names;
}

std::vector<std::uint16_t> LabelScheme::organIds(const std::string& names) const {
  std::vector<std::uint16_t> ids;
  std::stringstream list(names);
  for (std::string name; std::getline(list, name, ',');) {
    const auto found = std::find_if(entries_.begin(), entries_.end(),
                                    [&](const LabelEntry& entry) { return entry.name == name; });
    if (found == entries_.end()) {
      std::string known;
      for (const auto& entry : entries_) known += (known.empty() ? "" : ", ") + entry.name;
      throw InputError(
          names, "unknown organ '" + name + "' (label scheme " + name_ + " has " + known + ")");
    }
    ids.push_back(found->id);
  }
  return ids;
}

std::uint16_t LabelScheme::maxId() const {
  return entries_.empty() ? 0 : entries_.back().id;
}

const LabelEntry* LabelScheme::find(std::uint16_t id) const {
  auto found =
      std::lower_bound(entries_.begin(), entries_.end(), id,
                       [](const LabelEntry& entry, std::uint16_t key) { return entry.id < key; });
  return found != entries_.end() && found->id == id ? &*found : nullptr;
}

std::string LabelScheme::nameOf(std::uint16_t id) const {
  if (id == 0) return "background";
  const LabelEntry* entry = find(id);
  return entry ? entry->name : "label_" + std::to_string(id);
}

}  // namespace voxsiam::image
