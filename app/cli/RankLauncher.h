#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace voxsiam::cli {

/// Where the ranks of a data-parallel `train` run: `processes` on each of `machines`, this one
/// being machine `machineIndex` (torchrun's --nproc-per-node, --nnodes, --node-rank).
struct RankPlan {
  int processes = 1;
  int machines = 1;
  int machineIndex = 0;
  std::string runFolder;  ///< the run's --out (for the resume hint after a failure)
};

/// Runs this program's `train` with `trainArgs` (without the launcher's options) as the ranks of
/// `plan` on this machine, with torchrun's variables (MASTER_ADDR and MASTER_PORT from the
/// environment, else this machine and a free port; RANK, WORLD_SIZE, LOCAL_RANK,
/// LOCAL_WORLD_SIZE). Rank 0 prints to `out`; the others' output is dropped. Interrupts are
/// passed on; the ranks die with the launcher. When a rank fails, the others get 10 s to end
/// (c10d notices a lost rank) before they are killed, and one line on `err` says which rank failed
/// and how. Returns the exit code: 0, 130 or 143 (interrupted: rank 0's own message is passed on)
/// or that of the failure.
int launchRanks(const RankPlan& plan, const std::vector<std::string>& trainArgs, std::ostream& out,
                std::ostream& err);

}  // namespace voxsiam::cli
