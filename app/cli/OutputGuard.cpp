#include "app/cli/OutputGuard.h"

#include <filesystem>

#include "app/cli/UsageError.h"

namespace voxsiam::cli {
namespace {

namespace fs = std::filesystem;

bool sameFile(const std::string& a, const std::string& b) {
  std::error_code error;
  if (fs::exists(a, error) && fs::exists(b, error)) return fs::equivalent(a, b, error);
  return fs::weakly_canonical(a, error) == fs::weakly_canonical(b, error);
}

}  // namespace

void ensureSeparateOutput(const std::string& option, const std::string& output,
                          const std::vector<std::string>& inputs) {
  if (output.empty()) throw UsageError(option + " needs a path, got an empty one");
  for (const std::string& input : inputs) {
    if (!input.empty() && sameFile(output, input))
      throw UsageError(option + " '" + output + "' is an input of the command; write elsewhere");
  }
}

}  // namespace voxsiam::cli
