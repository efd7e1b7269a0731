#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

namespace voxsiam::cli {

/// A command's arguments: positionals and `--name value` / `--flag` options.
class Arguments {
 public:
  /// Splits `args` (after the command name). `flags` are options without a value; any other
  /// `--name` takes the next argument. Throws UsageError for an option not in `valued` or `flags`.
  Arguments(const std::vector<std::string>& args, const std::set<std::string>& valued,
            const std::set<std::string>& flags = {});

  const std::vector<std::string>& positionals() const { return positionals_; }
  bool has(const std::string& option) const { return options_.count(option) > 0; }
  /// Value of `option`, or `fallback` when absent.
  std::string get(const std::string& option, const std::string& fallback = "") const;
  /// Value of a required option; throws UsageError when absent.
  std::string require(const std::string& option) const;
  /// Integer value of `option` in [minimum, maximum]; throws UsageError when malformed.
  long getInt(const std::string& option, long fallback, long minimum, long maximum) const;
  /// The value of `option` as a finite number in `minimum`..`maximum` (the whole text must be
  /// the number: "1abc", "nan" and "inf" are refused with a UsageError), or `fallback` when absent.
  double getNumber(const std::string& option, double fallback, double minimum,
                   double maximum) const;
  /// The value of `option`, one of `allowed` (UsageError listing them otherwise), or `fallback`.
  std::string getChoice(const std::string& option, const std::string& fallback,
                        const std::vector<std::string>& allowed) const;
  /// Throws UsageError unless there are exactly `count` positionals, naming them in `what`.
  void expectPositionals(std::size_t count, const std::string& what) const;

 private:
  std::vector<std::string> positionals_;
  std::map<std::string, std::string> options_;
};

}  // namespace voxsiam::cli
