#pragma once
#include <sys/types.h>

#include <string>
#include <vector>

namespace voxsiam::learn {
struct DistributedSettings;
}  // namespace voxsiam::learn

namespace voxsiam::studio {

/// Ranks 1..N−1 of a data-parallel training run whose rank 0 is the studio's training thread:
/// each is the studio started as `--train-rank PROJECT RUN` with torchrun's variables from
/// `settings` (loopback rendezvous), so it loads the run's cases itself and writes nothing.
class HelperRanks {
 public:
  /// Starts them as `program --train-rank PROJECT RUN`; throws std::runtime_error when a process
  /// cannot be started.
  HelperRanks(const std::string& program, const std::string& projectFolder, long long runId,
              const learn::DistributedSettings& settings);
  /// Waits for them to end (they end with rank 0: finished, cancelled, or a lost rank noticed by
  /// c10d), killing any still running after 60 s.
  ~HelperRanks();
  HelperRanks(const HelperRanks&) = delete;
  HelperRanks& operator=(const HelperRanks&) = delete;

 private:
  std::vector<pid_t> processes_;
};

/// The entry point of a helper rank (`voxsiam-studio --train-rank PROJECT RUN`): trains run
/// `runId` of the project as the rank its environment names. Returns the exit code; failures
/// are one line on stderr.
int runHelperRank(const std::string& projectFolder, const std::string& runId);

}  // namespace voxsiam::studio
