#pragma once
#include <optional>
#include <string>
#include <vector>

#include "storage/repository/RunState.h"

namespace voxsiam::storage {
namespace sql {
class Connection;
}
namespace repository {

/// A training run: its configuration, state and run folder.
struct TrainingRunRecord {
  long long id = 0;
  std::string name;
  std::string config;  ///< the run's config.json text
  std::string folder;  ///< run folder (checkpoints, metrics.jsonl)
  RunState state = RunState::Queued;
  std::string startedAt;
  std::string finishedAt;  ///< empty while not finished
};

/// Training runs and their per-epoch metrics.
class TrainingRunRepository {
 public:
  explicit TrainingRunRepository(sql::Connection& connection) : connection_(connection) {}
  /// Records a new run in state "queued"; returns its id.
  long long add(const std::string& name, const std::string& config, const std::string& folder);
  /// Moves run `id` to `state`; an ended state also sets the finish time.
  void setState(long long id, RunState state);
  /// Records (or replaces) the metrics JSON of one epoch.
  void addEpoch(long long id, int epoch, const std::string& metricsJson);
  /// Per-epoch metrics JSON, by epoch.
  std::vector<std::pair<int, std::string>> epochs(long long id);
  /// The run `id`. Throws StorageError when absent or when its stored state is unknown.
  TrainingRunRecord get(long long id);
  /// All runs, newest first.
  std::vector<TrainingRunRecord> list();

 private:
  sql::Connection& connection_;
};

}  // namespace repository
}  // namespace voxsiam::storage
