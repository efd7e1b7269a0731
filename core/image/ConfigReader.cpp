#include "core/image/ConfigReader.h"

#include <cmath>

#include "core/image/InputError.h"

namespace voxsiam::image {
namespace {

/// "[low, high]" with whole numbers written without a decimal point.
std::string rangeText(double minimum, double maximum) {
  const auto text = [](double value) {
    return value == std::floor(value) && std::fabs(value) < 1e15
               ? std::to_string(static_cast<long long>(value))
               : nlohmann::json(value).dump();
  };
  return "[" + text(minimum) + ", " + text(maximum) + "]";
}

}  // namespace

ConfigReader::ConfigReader(const nlohmann::json& object, std::string origin, std::string prefix)
    : object_(object.is_null() ? nlohmann::json::object() : object),
      origin_(std::move(origin)),
      prefix_(std::move(prefix)) {
  if (!object_.is_object()) fail("", "must be a JSON object");
}

void ConfigReader::fail(const std::string& key, const std::string& problem) const {
  const std::string name = prefix_ + key;
  throw InputError(
      origin_,
      (name.empty() ? std::string("the configuration") : "key '" + name + "'") + " " + problem);
}

const nlohmann::json* ConfigReader::find(const std::string& key) {
  known_.insert(key);
  const auto found = object_.find(key);
  return found == object_.end() ? nullptr : &*found;
}

bool ConfigReader::has(const std::string& key) const {
  return object_.contains(key);
}

ConfigReader ConfigReader::child(const std::string& key) {
  const auto* value = find(key);
  if (value && !value->is_object()) fail(key, "must be a JSON object");
  return ConfigReader(value ? *value : nlohmann::json::object(), origin_, prefix_ + key + ".");
}

double ConfigReader::number(const std::string& key, double fallback, double minimum,
                            double maximum) {
  const auto* value = find(key);
  if (!value) return fallback;
  if (!value->is_number() || !(value->get<double>() >= minimum && value->get<double>() <= maximum))
    fail(key, "must be a number in " + rangeText(minimum, maximum));
  return value->get<double>();
}

int64_t ConfigReader::integer(const std::string& key, int64_t fallback, int64_t minimum,
                              int64_t maximum) {
  const auto* value = find(key);
  if (!value) return fallback;
  if (!value->is_number_integer() || value->get<int64_t>() < minimum ||
      value->get<int64_t>() > maximum)
    fail(key, "must be a whole number in [" + std::to_string(minimum) + ", " +
                  std::to_string(maximum) + "]");
  return value->get<int64_t>();
}

bool ConfigReader::flag(const std::string& key, bool fallback) {
  const auto* value = find(key);
  if (!value) return fallback;
  if (!value->is_boolean()) fail(key, "must be true or false");
  return value->get<bool>();
}

std::string ConfigReader::choice(const std::string& key, const std::string& fallback,
                                 const std::vector<std::string>& allowed) {
  const auto* value = find(key);
  if (!value) return fallback;
  std::string list;
  for (const auto& option : allowed) list += (list.empty() ? "" : ", ") + option;
  if (!value->is_string() ||
      std::find(allowed.begin(), allowed.end(), value->get<std::string>()) == allowed.end())
    fail(key, "must be one of: " + list);
  return value->get<std::string>();
}

std::string ConfigReader::text(const std::string& key, const std::string& fallback) {
  const auto* value = find(key);
  if (!value) return fallback;
  if (!value->is_string()) fail(key, "must be a string");
  return value->get<std::string>();
}

std::array<double, 3> ConfigReader::triple(const std::string& key,
                                           const std::array<double, 3>& fallback, double minimum,
                                           double maximum) {
  const auto* value = find(key);
  if (!value) return fallback;
  const auto bad = [&] { fail(key, "must be 3 numbers in " + rangeText(minimum, maximum)); };
  if (!value->is_array() || value->size() != 3) bad();
  std::array<double, 3> result{};
  for (int axis = 0; axis < 3; ++axis) {
    if (!(*value)[axis].is_number()) bad();
    result[axis] = (*value)[axis].get<double>();
    if (!(result[axis] >= minimum && result[axis] <= maximum)) bad();
  }
  return result;
}

std::vector<int64_t> ConfigReader::integers(const std::string& key,
                                            const std::vector<int64_t>& fallback, int64_t minimum,
                                            int64_t maximum) {
  const auto* value = find(key);
  if (!value) return fallback;
  const auto bad = [&] {
    fail(key, "must be a list of whole numbers in [" + std::to_string(minimum) + ", " +
                  std::to_string(maximum) + "]");
  };
  if (!value->is_array() || value->empty()) bad();
  std::vector<int64_t> result;
  for (const auto& item : *value) {
    if (!item.is_number_integer() || item.get<int64_t>() < minimum || item.get<int64_t>() > maximum)
      bad();
    result.push_back(item.get<int64_t>());
  }
  return result;
}

std::vector<double> ConfigReader::numbers(const std::string& key,
                                          const std::vector<double>& fallback) {
  const auto* value = find(key);
  if (!value) return fallback;
  if (!value->is_array()) fail(key, "must be a list of numbers");
  std::vector<double> result;
  for (const auto& item : *value) {
    if (!item.is_number() || !std::isfinite(item.get<double>()))
      fail(key, "must be a list of numbers");
    result.push_back(item.get<double>());
  }
  return result;
}

const nlohmann::json& ConfigReader::raw(const std::string& key) {
  static const nlohmann::json null;
  const auto* value = find(key);
  return value ? *value : null;
}

void ConfigReader::finish() const {
  for (const auto& [key, value] : object_.items()) {
    if (known_.count(key)) continue;
    std::string allowed;
    for (const auto& name : known_) allowed += (allowed.empty() ? "" : ", ") + name;
    throw InputError(origin_,
                     "unknown key '" + prefix_ + key + "' (allowed here: " + allowed + ")");
  }
}

}  // namespace voxsiam::image
