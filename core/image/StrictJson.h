#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace voxsiam::image {

/// Deepest nesting of objects and arrays a JSON input (configs, label mappings and schemes) may
/// have.
constexpr int kMaxJsonDepth = 64;

/// Parses JSON text from `origin` (a file name) refusing what a lenient parser would take
/// silently: a key repeated in one object (the last would win), nesting deeper than
/// kMaxJsonDepth, and malformed text. Throws InputError naming `origin` and the problem.
nlohmann::json parseStrictJson(const std::string& text, const std::string& origin);

/// An integer in `minimum`..`maximum` at `value`, or InputError naming `origin` and `what`
/// (e.g. "pair 3 source id") for anything else: fractions, negative or too large numbers, text.
long long strictInteger(const nlohmann::json& value, long long minimum, long long maximum,
                        const std::string& origin, const std::string& what);

}  // namespace voxsiam::image
