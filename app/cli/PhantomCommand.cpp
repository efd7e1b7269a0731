#include "app/cli/Arguments.h"
#include "app/cli/Commands.h"
#include "core/image/phantom/PhantomGenerator.h"

namespace voxsiam::cli {

int runPhantom(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  const Arguments arguments(args, {"out", "cases", "seed"});
  arguments.expectPositionals(0, "only options");
  const std::string folder = arguments.require("out");
  const auto cases = static_cast<std::size_t>(arguments.getInt("cases", 12, 1, 10000));
  const auto seed = static_cast<std::uint64_t>(arguments.getInt("seed", 1, 0, 1L << 40));
  image::phantom::writePhantomDataset(folder, cases, seed, [&](const std::string& name) {
    out << "wrote " << name << "\n" << std::flush;
  });
  out << "phantom data set: " << cases << " cases in " << folder << "\n";
  return 0;
}

}  // namespace voxsiam::cli
