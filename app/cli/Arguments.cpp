#include "app/cli/Arguments.h"

#include "app/cli/UsageError.h"

#include <cmath>
#include <sstream>

namespace voxsiam::cli {

Arguments::Arguments(const std::vector<std::string>& args, const std::set<std::string>& valued,
                     const std::set<std::string>& flags) {
  for (std::size_t index = 0; index < args.size(); ++index) {
    const std::string& arg = args[index];
    if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
      positionals_.push_back(arg);
      continue;
    }
    const std::string name = arg.substr(2);
    if (flags.count(name)) {
      options_[name] = "1";
    } else if (valued.count(name)) {
      if (index + 1 >= args.size()) throw UsageError("option --" + name + " needs a value");
      if (args[index + 1].empty())
        throw UsageError("option --" + name + " needs a value, got an empty one");
      options_[name] = args[++index];
    } else {
      throw UsageError("unknown option --" + name);
    }
  }
}

std::string Arguments::get(const std::string& option, const std::string& fallback) const {
  auto found = options_.find(option);
  return found == options_.end() ? fallback : found->second;
}

std::string Arguments::require(const std::string& option) const {
  if (!has(option)) throw UsageError("option --" + option + " is required");
  return get(option);
}

long Arguments::getInt(const std::string& option, long fallback, long minimum, long maximum) const {
  if (!has(option)) return fallback;
  const std::string text = get(option);
  std::size_t used = 0;
  long value = 0;
  try {
    value = std::stol(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || value < minimum || value > maximum)
    throw UsageError("option --" + option + " needs a whole number in " + std::to_string(minimum) +
                     ".." + std::to_string(maximum) + ", got '" + text + "'");
  return value;
}

std::string Arguments::getChoice(const std::string& option, const std::string& fallback,
                                 const std::vector<std::string>& allowed) const {
  const std::string value = get(option, fallback);
  std::string listed;
  for (const auto& choice : allowed) {
    if (choice == value) return value;
    listed += (listed.empty() ? "" : ", ") + choice;
  }
  throw UsageError("option --" + option + " must be one of " + listed + ", got '" + value + "'");
}

double Arguments::getNumber(const std::string& option, double fallback, double minimum,
                            double maximum) const {
  if (!has(option)) return fallback;
  const std::string text = get(option);
  std::size_t used = 0;
  double value = std::nan("");
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !(value >= minimum && value <= maximum)) {
    std::ostringstream range;
    range << minimum << ".." << maximum;
    throw UsageError("option --" + option + " needs a number in " + range.str() + ", got '" + text +
                     "'");
  }
  return value;
}

void Arguments::expectPositionals(std::size_t count, const std::string& what) const {
  if (positionals_.size() != count)
    throw UsageError("expected " + what + ", got " + std::to_string(positionals_.size()) +
                     " argument(s)");
  for (const std::string& positional : positionals_) {
    if (positional.empty()) throw UsageError("expected " + what + ", got an empty argument");
  }
}

}  // namespace voxsiam::cli
