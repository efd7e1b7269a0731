#pragma once
#include <nlohmann/json.hpp>

#include <array>
#include <set>
#include <string>
#include <vector>

namespace voxsiam::image {

/// Reads one JSON object of a configuration file with checked types and ranges. Every error is
/// an InputError naming the file and the full key ("training.epochs") with what is allowed;
/// finish() rejects keys that were never asked for.
class ConfigReader {
 public:
  ConfigReader(const nlohmann::json& object, std::string origin, std::string prefix = "");

  bool has(const std::string& key) const;
  /// A nested object (empty when absent).
  ConfigReader child(const std::string& key);
  double number(const std::string& key, double fallback, double minimum, double maximum);
  int64_t integer(const std::string& key, int64_t fallback, int64_t minimum, int64_t maximum);
  bool flag(const std::string& key, bool fallback);
  std::string choice(const std::string& key, const std::string& fallback,
                     const std::vector<std::string>& allowed);
  std::string text(const std::string& key, const std::string& fallback);
  /// Exactly three numbers, each in [minimum, maximum].
  std::array<double, 3> triple(const std::string& key, const std::array<double, 3>& fallback,
                               double minimum, double maximum);
  /// A list of whole numbers, each in [minimum, maximum].
  std::vector<int64_t> integers(const std::string& key, const std::vector<int64_t>& fallback,
                                int64_t minimum, int64_t maximum);
  std::vector<double> numbers(const std::string& key, const std::vector<double>& fallback);
  /// The raw JSON value of `key` (marks the key as known).
  const nlohmann::json& raw(const std::string& key);
  /// Throws for keys present in the object that no call asked for.
  void finish() const;
  /// Throws the InputError for `key` with `problem` ("must be ...").
  [[noreturn]] void fail(const std::string& key, const std::string& problem) const;

 private:
  const nlohmann::json* find(const std::string& key);

  nlohmann::json object_;
  std::string origin_, prefix_;
  std::set<std::string> known_;
};

}  // namespace voxsiam::image
