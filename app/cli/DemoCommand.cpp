#include "app/cli/Arguments.h"
#include "app/cli/Commands.h"
#include "app/workflow/DemoProject.h"

namespace voxsiam::cli {

int runDemo(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  const Arguments arguments(args, {"out", "cases", "seed"});
  arguments.expectPositionals(0, "only options");
  const std::string folder = arguments.require("out");
  const auto cases = static_cast<std::size_t>(arguments.getInt("cases", 8, 1, 1000));
  const auto seed = static_cast<std::uint64_t>(arguments.getInt("seed", 1, 0, 1L << 40));
  workflow::createDemoProject(folder, cases, seed, [&](const std::string& name) {
    out << "added " << name << "\n" << std::flush;
  });
  out << "demo project with " << cases << " cases in " << folder << "\n"
      << "open it in the studio: voxsiam-studio --project '" << folder
      << "' (or File > Open project)\n";
  return 0;
}

}  // namespace voxsiam::cli
