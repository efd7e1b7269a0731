#include "core/image/StrictJson.h"

#include <set>
#include <vector>

#include "core/image/InputError.h"

namespace voxsiam::image {

nlohmann::json parseStrictJson(const std::string& text, const std::string& origin) {
  using nlohmann::json;
  std::vector<std::set<std::string>> keys;  // the keys seen in each open object
  std::vector<bool> isObject;
  std::string problem;
  const json::parser_callback_t check = [&](int depth, json::parse_event_t event, json& parsed) {
    if (!problem.empty()) return false;
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        if (depth >= kMaxJsonDepth)
          problem = "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
        isObject.push_back(event == json::parse_event_t::object_start);
        keys.emplace_back();
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        if (!isObject.empty()) isObject.pop_back(), keys.pop_back();
        break;
      case json::parse_event_t::key:
        if (!keys.empty() && !keys.back().insert(parsed.get<std::string>()).second)
          problem = "key \"" + parsed.get<std::string>() + "\" appears twice in one object";
        break;
      case json::parse_event_t::value:
        break;
    }
    return problem.empty();
  };
  json result;
  try {
    result = json::parse(text, check);
  } catch (const json::exception& error) {
    if (problem.empty()) throw InputError(origin, std::string("malformed JSON: ") + error.what());
  }
  if (!problem.empty()) throw InputError(origin, "malformed JSON: " + problem);
  return result;
}

long long strictInteger(const nlohmann::json& value, long long minimum, long long maximum,
                        const std::string& origin, const std::string& what) {
  const bool integral = value.is_number_integer() || value.is_number_unsigned();
  const auto range = std::to_string(minimum) + ".." + std::to_string(maximum);
  if (!integral)
    throw InputError(origin,
                     what + " must be a whole number in " + range + ", got " + value.dump());
  if (value.is_number_unsigned() &&
      value.get<unsigned long long>() > static_cast<unsigned long long>(maximum))
    throw InputError(origin, what + " must be in " + range + ", got " + value.dump());
  const long long number = value.get<long long>();
  if (number < minimum || number > maximum)
    throw InputError(origin, what + " must be in " + range + ", got " + value.dump());
  return number;
}

}  // namespace voxsiam::image
