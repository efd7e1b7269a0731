#pragma once
#include <string>
#include <vector>

namespace voxsiam::cli {

/// Refuses an output path that is empty or names one of `inputs` (the same file, by any path),
/// so no command replaces what it reads. Throws UsageError naming `option` and the path.
void ensureSeparateOutput(const std::string& option, const std::string& output,
                          const std::vector<std::string>& inputs);

}  // namespace voxsiam::cli
