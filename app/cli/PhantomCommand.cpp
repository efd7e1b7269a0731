#include "app/cli/Arguments.h"
#include "app/cli/Commands.h"
#include "app/cli/UsageError.h"

namespace voxsiam::cli {

int runPhantom(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  const Arguments arguments(args, {"out", "cases", "seed"});
  throw UsageError("phantom is being written");
  (void)out;
  return 0;
}

}  // namespace voxsiam::cli
