#include "storage/repository/TrainingRunRepository.h"

#include <stdexcept>

#include "storage/StorageError.h"
#include "storage/sql/Connection.h"
#include "storage/sql/Statement.h"

namespace voxsiam::storage::repository {
namespace {

constexpr const char* kRunColumns =
    "SELECT id, name, config, folder, state, started_at, COALESCE(finished_at, '') "
    "FROM training_runs ";

TrainingRunRecord readRun(const sql::Statement& row, const std::string& origin) {
  RunState state = RunState::Queued;
  try {
    state = parseRunState(row.text(4));
  } catch (const std::invalid_argument& error) {
    throw StorageError(origin, error.what());
  }
  return {row.integer(0), row.text(1), row.text(2), row.text(3), state, row.text(5), row.text(6)};
}

}  // namespace

long long TrainingRunRepository::add(const std::string& name, const std::string& config,
                                     const std::string& folder) {
  sql::Statement insert(
      connection_,
      "INSERT INTO training_runs(name, config, folder, state) VALUES (?, ?, ?, 'queued')");
  insert.bind(1, name).bind(2, config).bind(3, folder).run();
  return connection_.lastInsertId();
}

void TrainingRunRepository::setState(long long id, RunState state) {
  sql::Statement update(connection_, hasEnded(state)
                                         ? "UPDATE training_runs SET state = ?, finished_at = "
                                           "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?"
                                         : "UPDATE training_runs SET state = ? WHERE id = ?");
  update.bind(1, toString(state)).bind(2, id).run();
}

void TrainingRunRepository::addEpoch(long long id, int epoch, const std::string& metricsJson) {
  sql::Statement insert(connection_,
                        "INSERT OR REPLACE INTO training_epochs(run_id, epoch, metrics) "
                        "VALUES (?, ?, ?)");
  insert.bind(1, id).bind(2, epoch).bind(3, metricsJson).run();
}

std::vector<std::pair<int, std::string>> TrainingRunRepository::epochs(long long id) {
  sql::Statement query(
      connection_, "SELECT epoch, metrics FROM training_epochs WHERE run_id = ? ORDER BY epoch");
  query.bind(1, id);
  std::vector<std::pair<int, std::string>> result;
  while (query.step()) result.emplace_back(static_cast<int>(query.integer(0)), query.text(1));
  return result;
}

TrainingRunRecord TrainingRunRepository::get(long long id) {
  sql::Statement query(connection_, std::string(kRunColumns) + "WHERE id = ?");
  query.bind(1, id);
  if (!query.step()) {
    throw StorageError(connection_.path(), "no training run " + std::to_string(id));
  }
  return readRun(query, connection_.path());
}

std::vector<TrainingRunRecord> TrainingRunRepository::list() {
  sql::Statement query(connection_, std::string(kRunColumns) + "ORDER BY id DESC");
  std::vector<TrainingRunRecord> runs;
  while (query.step()) runs.push_back(readRun(query, connection_.path()));
  return runs;
}

}  // namespace voxsiam::storage::repository
